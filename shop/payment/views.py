"""The site's payment page (Stripe.js), its JSON helpers, and Stripe's webhook.

The page collects the card with a Stripe.js Card Element, so card numbers go to Stripe (or to
localstripe in development and tests) and never reach us. Stripe.js turns the card into a token;
each token becomes one payment attempt (its own PaymentIntent, confirmed here); if the bank wants
3-D Secure the page finishes with `stripe.confirmCardPayment`. (localstripe's Stripe.js stand-in
implements confirmCardPayment only as that authentication step, and cannot retry a declined
intent, so a new attempt per card is also what works in development.) The page then polls the payment's status, which is
settled from Stripe's record, so the buyer sees pending → completed/failed without reloading.
"""

import json
import logging
from functools import wraps

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from oscar.core.loading import get_model

from shop.order.fulfilment import PENDING_PAYMENT

from . import gateway
from .models import Payment
from .services import IdempotencyConflict, PaymentRefused, start_payment, sync_payment
from .webhooks import handle_event

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


def allows_stripe_js(view):
    """Stripe.js and its frames are allowed on this view's pages alone (django-csp's csp_update).

    The sources are read per request: which Stripe (real, or localstripe at its address) is a setting.
    """

    @wraps(view)
    def with_stripe_js(request, *args, **kwargs):
        return csp_update(gateway.browser_sources())(view)(request, *args, **kwargs)

    return with_stripe_js


@login_required
@require_GET
@allows_stripe_js
def pay_for_order(request, number):
    """The payment step; each card the buyer tries is a new attempt on the same order."""
    order = get_object_or_404(Order, number=number, user=request.user)
    if order.status != PENDING_PAYMENT:
        return redirect("customer:order", order_number=order.number)
    context = {
        "order": order,
        "last_attempt": order.payments.filter(payer=request.user).first(),
        "stripe_js_url": gateway.stripe_js_url(),
        "publishable_key": gateway.publishable_key(),
    }
    return render(request, "oscar/checkout/payment.html", context)


def _state(payment: Payment) -> dict:
    needs_authentication = getattr(payment, "awaiting_authentication", False)
    return {
        "payment": payment.pk,
        "status": payment.status,
        "failure_reason": payment.failure_reason,
        "order_status": payment.order.status,
        "order_url": reverse("customer:order", kwargs={"order_number": payment.order.number}),
        "state_url": reverse("payments:state", kwargs={"pk": payment.pk}),
        "requires_action": needs_authentication,
        "client_secret": payment.client_secret if needs_authentication else "",
    }


@login_required
@require_POST
def charge_card(request, number):
    """Stripe.js posts `{"token": "tok_…"}`; a token is single-use, so it is also the idempotency key."""
    order = get_object_or_404(Order, number=number, user=request.user)
    try:
        token = json.loads(request.body or b"{}").get("token", "")
    except (ValueError, AttributeError):
        token = ""
    if not isinstance(token, str) or not token.startswith("tok_") or len(token) > 200:
        return JsonResponse({"detail": "Send the card token Stripe.js returned."}, status=400)
    try:
        payment = start_payment(order=order, payer=request.user, idempotency_key=f"site-{token}", card_token=token)
    except (PaymentRefused, IdempotencyConflict) as refused:
        return JsonResponse({"detail": str(refused)}, status=409)
    except gateway.GatewayError as error:
        logger.warning("Card payment for %s: Stripe unavailable: %s", order.number, error)
        return JsonResponse({"detail": "Card payments are unavailable right now; nothing was charged."}, status=503)
    payment.order.refresh_from_db()
    return JsonResponse(_state(payment))


@login_required
@require_GET
def payment_state(request, pk):
    """Polled by the payment page; a pending payment is checked with Stripe on the way."""
    payment = get_object_or_404(Payment.objects.select_related("order"), pk=pk, payer=request.user)
    if payment.status == Payment.PENDING and payment.intent_id:
        try:
            payment = sync_payment(payment)
        except gateway.GatewayError as error:
            logger.warning("Checking payment %s with Stripe failed: %s", payment.pk, error)
    payment.order.refresh_from_db()
    return JsonResponse(_state(payment))


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: signature checked on the raw body, each event id acted on once."""
    try:
        event = gateway.verify_event(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.BadSignature as refused:
        return HttpResponse(f"Bad signature: {refused}", status=400, content_type="text/plain")
    try:
        handle_event(event)
    except gateway.GatewayError as error:
        # Nothing was recorded (the event row rolled back with its effect): Stripe retries later.
        logger.warning("Webhook %s could not be settled: %s", event["id"], error)
        return HttpResponse("Stripe unavailable, retry later", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
