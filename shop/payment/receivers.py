"""Payments listen to the order's life: a cancelled order gives its money back."""

import logging

from django.dispatch import receiver

from shop.order.fulfilment import order_cancelled

from . import gateway
from .services import settle_cancelled_order

logger = logging.getLogger(__name__)


@receiver(order_cancelled)
def refund_cancelled_order(sender, order, **kwargs):
    """Sent after the cancellation commits; if Stripe is unreachable, `reconcile_payments` refunds later."""
    try:
        settle_cancelled_order(order)
    except gateway.GatewayError as error:
        logger.warning("Refunding cancelled order %s failed, the reconciler will retry: %s", order.number, error)
