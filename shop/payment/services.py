"""Taking, settling and refunding payments: every write about money goes through here.

The rules, whoever calls (API, the site's Stripe.js page, webhooks, the reconciler, a cancel):
- One Payment per (payer, Idempotency-Key), created under the order's row lock; the Stripe
  PaymentIntent is created under the payment's row lock with a key derived from the payment's id.
  So K identical requests, even concurrent ones, make one Payment and one PaymentIntent.
- Stripe's own record decides: settling re-fetches the PaymentIntent rather than trusting the
  order events arrive in. Statuses only move forward (`Payment.RANK`).
- A payment that completes on an order that is no longer waiting for it (cancelled, expired,
  or already paid by another attempt) is refunded at once: no money is kept without an order.
- Refunds happen under the payment's row lock and only from `completed`, so concurrent cancels
  refund once, and never more than was taken.
When one transaction locks both, it takes the payment row first, then the order row; starting
an attempt locks only the order (and inserts the payment).
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from shop.order.fulfilment import CANCELLED, PAID, PENDING_PAYMENT, change_order_status

from . import bookkeeping, gateway
from .models import Payment
from .signals import payment_completed, payment_refunded

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


class PaymentRefused(Exception):
    """The order cannot take a payment now (already paid, cancelled…); the API answers 409."""


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used with a different request; the API answers 409."""


def request_fingerprint(**fields) -> str:
    """A stable hash of what a request asked for, to tell a retry from a different request."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


# --- starting a payment ------------------------------------------------------------------------


def start_payment(*, order, payer, idempotency_key: str, payment_method: str = "", card_token: str = "") -> Payment:
    """Pay `order`: the same key and request again returns the same payment and charges nothing more.

    With `payment_method` (e.g. "pm_card_visa", the API) or `card_token` (Stripe.js, the site)
    the charge is confirmed here; with neither the caller confirms client-side with the
    payment's client secret. A declined card is a `failed` payment, not an exception.
    Raises IdempotencyConflict, PaymentRefused, or gateway.GatewayError (Stripe unreachable:
    nothing charged, and retrying with the same key resumes).
    """
    fingerprint = request_fingerprint(order=order.number, payment_method=payment_method, card_token=card_token)
    payment = _record_attempt(order, payer, idempotency_key, fingerprint)
    return _open_intent(payment.pk, payment_method=payment_method, card_token=card_token)


@transaction.atomic
def _record_attempt(order, payer, idempotency_key: str, fingerprint: str) -> Payment:
    # The order's row lock makes concurrent attempts on one order take turns.
    order = Order.objects.select_for_update().get(pk=order.pk)
    existing = Payment.objects.filter(payer=payer, idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.request_hash != fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was already used for a different request.")
        return existing
    if order.status != PENDING_PAYMENT:
        raise PaymentRefused(f"This order is {order.status.lower()}: there is nothing to pay.")
    try:
        with transaction.atomic():
            return Payment.objects.create(
                order=order,
                payer=payer,
                amount=order.total_incl_tax,
                currency=order.currency,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
            )
    except IntegrityError:  # the same key for another order of this payer, racing us
        raise IdempotencyConflict("This Idempotency-Key was already used for a different request.") from None


@transaction.atomic
def _open_intent(payment_id: int, *, payment_method: str, card_token: str) -> Payment:
    # Under the payment's lock: concurrent retries wait here, then find the intent already made.
    payment = Payment.objects.select_for_update().select_related("order").get(pk=payment_id)
    if payment.intent_id or payment.status != Payment.PENDING:
        return payment
    try:
        intent = gateway.create_intent(
            amount=payment.amount,
            currency=payment.currency,
            idempotency_key=payment.stripe_key("create"),
            metadata={"order": payment.order.number, "payment": str(payment.pk)},
            payment_method=payment_method,
        )
    except gateway.InvalidRequest as refused:  # e.g. an unknown payment method: this attempt cannot succeed
        _fail(payment, str(refused))
        return payment
    payment.intent_id, payment.client_secret = intent.id, intent.client_secret
    payment.save(update_fields=["intent_id", "client_secret", "updated_at"])
    if payment_method or card_token:
        _confirm(payment, card_token=card_token)
    return payment


def _confirm(payment: Payment, *, card_token: str = "") -> None:
    try:
        intent = gateway.confirm_intent(
            payment.intent_id, idempotency_key=payment.stripe_key("confirm"), card_token=card_token
        )
    except gateway.InvalidRequest as refused:  # a used or unusable card token: nothing was charged
        _fail(payment, str(refused))
        return
    except gateway.GatewayError as error:
        # Unknown outcome (Stripe unreachable mid-charge): stay pending; webhooks or the reconciler settle it.
        logger.warning("Confirming payment %s failed: %s", payment.pk, error)
        return
    # The bank wants 3-D Secure: the buyer's browser finishes with Stripe.js and the client secret.
    payment.awaiting_authentication = intent.status == "requires_action"
    _settle(payment, intent)


# --- settling from Stripe's record -------------------------------------------------------------


def sync_payment(payment: Payment) -> Payment:
    """Fetch the PaymentIntent and apply its state (webhooks, the reconciler, the status page)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        if payment.intent_id and payment.status in (Payment.PENDING, Payment.FAILED):
            _settle(payment, gateway.retrieve_intent(payment.intent_id))
    return payment


def _settle(payment: Payment, intent: gateway.Intent) -> None:
    """Apply a PaymentIntent's state to its locked payment, forward only."""
    if intent.succeeded:
        _complete(payment)
    elif intent.failed:
        _fail(payment, intent.failure_reason or "The payment was cancelled.")


def _fail(payment: Payment, reason: str) -> None:
    if payment.can_become(Payment.FAILED):
        payment.status, payment.failure_reason = Payment.FAILED, reason[:255]
        payment.save(update_fields=["status", "failure_reason", "updated_at"])


def _complete(payment: Payment) -> None:
    if not payment.can_become(Payment.COMPLETED):
        return
    payment.status, payment.failure_reason, payment.completed_at = Payment.COMPLETED, "", timezone.now()
    payment.save(update_fields=["status", "failure_reason", "completed_at", "updated_at"])
    bookkeeping.record_debit(payment)
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    if order.status == PENDING_PAYMENT:
        # Paid is entered once, so the confirmation emails go out once (shop/order/emails.py).
        change_order_status(order=order, status=PAID, note=f"Paid by card ({payment.intent_id})")
        payment_completed.send(sender=Payment, payment=payment)
    else:
        # Cancelled or expired meanwhile, or already paid by another attempt: give the money back.
        logger.info("Payment %s completed on order %s (%s): refunding", payment.pk, order.number, order.status)
        _refund(payment)


def _refund(payment: Payment) -> None:
    """Refund a locked, completed payment in full, once (Stripe's key is derived from the payment)."""
    if payment.status != Payment.COMPLETED:
        return
    refund = gateway.refund(
        payment.intent_id,
        amount=payment.amount,
        currency=payment.currency,
        idempotency_key=payment.stripe_key("refund"),
    )
    payment.status, payment.refund_id, payment.refunded_at = Payment.REFUNDED, refund.id, timezone.now()
    payment.save(update_fields=["status", "refund_id", "refunded_at", "updated_at"])
    bookkeeping.record_refund(payment)
    payment_refunded.send(sender=Payment, payment=payment)


# --- cancelling --------------------------------------------------------------------------------


def settle_cancelled_order(order) -> None:
    """After an order is cancelled: refund what was taken, and stop open intents from charging."""
    for payment_id in order.payments.values_list("pk", flat=True).order_by("pk"):
        _close_attempt(payment_id)


@transaction.atomic
def _close_attempt(payment_id: int) -> Payment:
    """An attempt whose order no longer waits for it: refund it if it took money, else stop its intent."""
    payment = Payment.objects.select_for_update().select_related("order").get(pk=payment_id)
    if payment.status == Payment.COMPLETED and payment.order.status == CANCELLED:
        _refund(payment)
    elif payment.intent_id and payment.status in (Payment.PENDING, Payment.FAILED):
        intent = gateway.cancel_intent(payment.intent_id, idempotency_key=payment.stripe_key("cancel"))
        _settle(payment, intent)  # charged meanwhile? completing it refunds it
    return payment


# --- reconciling -------------------------------------------------------------------------------


def reconcile_payments(*, older_than: timedelta | None = None) -> dict:
    """Settle what webhooks did not: pending intents, failed ones still payable, orphaned charges.

    A pending attempt whose order was paid by another attempt (or cancelled) has its intent
    cancelled, so it can no longer charge and is not fetched again and again.

    Returns counts by outcome. Each payment is settled in its own transaction, and one payment
    Stripe cannot answer for does not stop the others.
    """
    if older_than is None:
        older_than = timedelta(minutes=settings.PAYMENT_RECONCILE_AFTER_MINUTES)
    cutoff = timezone.now() - older_than
    outcomes = {"completed": 0, "failed": 0, "refunded": 0, "pending": 0, "errors": 0}
    candidates = (
        Payment.objects.filter(updated_at__lte=cutoff, status=Payment.PENDING)
        | Payment.objects.filter(updated_at__lte=cutoff, status=Payment.FAILED, order__status=PENDING_PAYMENT)
        | Payment.objects.filter(status=Payment.COMPLETED, order__status=CANCELLED)
    )
    for payment in candidates.select_related("order").order_by("pk"):
        if not payment.intent_id:
            if payment.status == Payment.PENDING:
                _abandon(payment)
                outcomes["failed"] += 1
            continue
        try:
            if payment.order.status == PENDING_PAYMENT:
                settled = sync_payment(payment)
            else:  # cancelled (refund it), or paid by another attempt (stop it charging)
                settled = _close_attempt(payment.pk)
        except gateway.GatewayError as error:
            logger.warning("Reconciling payment %s failed: %s", payment.pk, error)
            outcomes["errors"] += 1
            continue
        if settled.status != payment.status:
            outcomes[settled.status] += 1
        else:
            outcomes["pending"] += settled.status == Payment.PENDING
    return outcomes


@transaction.atomic
def _abandon(payment: Payment) -> None:
    """A payment whose PaymentIntent was never created (Stripe was down and the client gave up)."""
    Payment.objects.filter(pk=payment.pk, status=Payment.PENDING, intent_id="").update(
        status=Payment.FAILED, failure_reason="The payment never reached Stripe.", updated_at=timezone.now()
    )


def payment_status_of(payments) -> str:
    """The order's payment status for the API: completed beats refunded beats the latest attempt."""
    statuses = [payment.status for payment in payments]
    for status in (Payment.COMPLETED, Payment.REFUNDED):
        if status in statuses:
            return status
    return statuses[0] if statuses else Payment.PENDING
