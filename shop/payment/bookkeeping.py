"""Mirror our Payments into Oscar's payment records, so the staff dashboard shows the money.

Each completed Payment becomes an Oscar `Source` (type Stripe, referenced by its PaymentIntent)
with a debit `Transaction` and a "Paid" payment event on the order; a refund adds a refund
transaction and a "Refunded" event. Our `Payment` stays the record the marketplace acts on.
"""

from oscar.core.loading import get_model

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
PaymentEventType = get_model("order", "PaymentEventType")


def _source_for(payment):
    source_type, _ = SourceType.objects.get_or_create(code="stripe", defaults={"name": "Stripe"})
    source, _ = Source.objects.get_or_create(
        order_id=payment.order_id,
        source_type=source_type,
        reference=payment.intent_id,
        defaults={"currency": payment.currency, "amount_allocated": payment.amount},
    )
    return source


def _event(payment, name: str, reference: str) -> None:
    event_type, _ = PaymentEventType.objects.get_or_create(code=name.lower(), defaults={"name": name})
    payment.order.payment_events.create(event_type=event_type, amount=payment.amount, reference=reference)


def record_debit(payment) -> None:
    _source_for(payment).debit(payment.amount, reference=payment.intent_id, status="succeeded")
    _event(payment, "Paid", payment.intent_id)


def record_refund(payment) -> None:
    _source_for(payment).refund(payment.amount, reference=payment.refund_id, status="succeeded")
    _event(payment, "Refunded", payment.refund_id)
