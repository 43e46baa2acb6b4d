"""The site's payment page (Stripe.js), its JSON helpers, and Stripe's webhook.

The page collects the card with a Stripe.js Card Element, so card numbers go to Stripe (or to
localstripe in development and tests) and never reach us. Stripe.js turns the card into a token;
we attach it to the order's PaymentIntent and confirm; if the bank wants 3-D Secure the page
finishes with `stripe.confirmCardPayment`. The page then polls the payment's status, which is
settled from Stripe's record, so the buyer sees pending → completed/failed without reloading.
"""

import json
import logging

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
from .services import PaymentRefused, confirm_with_card, start_payment, sync_payment
from .webhooks import handle_event

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


@login_required
@require_GET
def pay_for_order(request, number):
    """The payment step: one payment per order from the site, retried on the same PaymentIntent."""
    order = get_object_or_404(Order, number=number, user=request.user)
    if order.status != PENDING_PAYMENT:
        return redirect("customer:order", order_number=order.number)
    context = {"order": order, "stripe_js_url": gateway.stripe_js_url()}
    try:
        payment = start_payment(order=order, payer=request.user, idempotency_key=f"site-order-{order.number}")
    except PaymentRefused:
        return redirect("customer:order", order_number=order.number)
    except gateway.GatewayError as error:
        logger.warning("Payment page for %s: Stripe unavailable: %s", order.number, error)
        return render(request, "oscar/checkout/payment.html", {**context, "unavailable": True}, status=503)
    context.update(payment=payment, publishable_key=gateway.publishable_key())
    return render(request, "oscar/checkout/payment.html", context)


def _payment_of(request, pk) -> Payment:
    return get_object_or_404(Payment.objects.select_related("order"), pk=pk, payer=request.user)


def _state(payment: Payment, intent: gateway.Intent | None = None) -> dict:
    return {
        "status": payment.status,
        "failure_reason": payment.failure_reason,
        "order_status": payment.order.status,
        "order_url": reverse("customer:order", kwargs={"order_number": payment.order.number}),
        "requires_action": bool(intent and intent.status == "requires_action"),
        "client_secret": payment.client_secret if intent and intent.status == "requires_action" else "",
    }


@login_required
@require_POST
def charge_card(request, pk):
    """Stripe.js posts `{"token": "tok_…"}`; the card is charged for the payment's order."""
    payment = _payment_of(request, pk)
    try:
        token = json.loads(request.body or b"{}").get("token", "")
    except (ValueError, AttributeError):
        token = ""
    if not isinstance(token, str) or not token.startswith("tok_") or len(token) > 255:
        return JsonResponse({"detail": "Send the card token Stripe.js returned."}, status=400)
    try:
        intent = confirm_with_card(payment=payment, card_token=token)
    except PaymentRefused as refused:
        return JsonResponse({"detail": str(refused), **_state(payment)}, status=409)
    payment.refresh_from_db()
    payment.order.refresh_from_db()
    return JsonResponse(_state(payment, intent))


@login_required
@require_GET
def payment_state(request, pk):
    """Polled by the payment page; a pending payment is checked with Stripe on the way."""
    payment = _payment_of(request, pk)
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
