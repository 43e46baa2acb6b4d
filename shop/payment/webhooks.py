"""Stripe's webhook events, each acted on once, through a dispatch table.

The event id is stored under a unique constraint in the same transaction as the event's effect:
a redelivered event (or the same one arriving twice at once) finds the row and does nothing, and
an effect that fails rolls the row back so Stripe's retry runs it again. Handlers never trust the
order events arrive in: they re-fetch the PaymentIntent and apply its current state, forward only.

Other apps that take money through Stripe (the marketplace's subscriptions and featuring fees)
add their events with `register()` from their AppConfig.ready(), and claim PaymentIntents that
are not order payments with `register_intent_owner()`: the payment app never imports them.
"""

from django.db import IntegrityError, transaction

from .models import Payment, StripeEvent
from .services import sync_payment


def settle_intent(event: dict, record: StripeEvent) -> None:
    """payment_intent.*: apply the intent's current state to our payment (if it is one of ours)."""
    intent_id = (event.get("data") or {}).get("object", {}).get("id")
    payment = Payment.objects.filter(intent_id=intent_id).first() if isinstance(intent_id, str) else None
    if payment is None:
        for owner in INTENT_OWNERS:
            if owner(intent_id, record):
                return
        return  # not ours (another integration on the same account): acknowledged, nothing to do
    # Lock the payment first: saving the link takes a shared lock on the payment row (a foreign
    # key), and taking it before sync_payment's exclusive lock deadlocks two events at once.
    sync_payment(payment)
    record.payment = payment
    record.save(update_fields=["payment"])


HANDLERS = {
    "payment_intent.succeeded": settle_intent,
    "payment_intent.payment_failed": settle_intent,
    "payment_intent.canceled": settle_intent,
    "payment_intent.processing": settle_intent,
}


INTENT_OWNERS = []


def register(event_type: str, handler) -> None:
    """Let `handler(event, record)` act on `event_type` (inside the event's transaction, once per event id)."""
    existing = HANDLERS.get(event_type)
    if existing is not None and existing is not handler:
        raise ValueError(f"{event_type} already has a handler: {existing.__qualname__}")
    HANDLERS[event_type] = handler


def register_intent_owner(owner) -> None:
    """`owner(intent_id, record) -> bool` settles a PaymentIntent that is not an order payment; True if it was."""
    if owner not in INTENT_OWNERS:
        INTENT_OWNERS.append(owner)


@transaction.atomic
def handle_event(event: dict) -> bool:
    """Act on a verified event; False if it was already handled (a redelivery)."""
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(event_id=event["id"], type=event["type"][:100])
    except IntegrityError:
        return False
    handler = HANDLERS.get(event["type"])
    if handler is not None:
        handler(event, record)
    return True
