"""What the buyer's order pages ask of an order."""

from django import template

from shop.order.fulfilment import CANCELLED, PAID, PENDING_PAYMENT

register = template.Library()

CANCELLABLE_STATUSES = (PENDING_PAYMENT, PAID)


@register.filter
def is_cancellable(order) -> bool:
    """The buyer may still cancel: not yet shipped in any part (`cancel_order` enforces the same)."""
    if order.status not in CANCELLABLE_STATUSES:
        return False
    return not order.lines.exclude(status__in=["pending", CANCELLED.lower()]).exists()
