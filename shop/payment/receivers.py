"""Payments listen to the order's life: a cancelled order gives its money back."""

import logging

from django.dispatch import receiver

from shop.order.fulfilment import order_cancelled, order_expiring

from . import gateway
from .models import Payment
from .services import settle_cancelled_order, sync_payment

logger = logging.getLogger(__name__)


@receiver(order_cancelled)
def refund_cancelled_order(sender, order, **kwargs):
    """Sent after the cancellation commits; if Stripe is unreachable, `reconcile_payments` refunds later."""
    try:
        settle_cancelled_order(order)
    except gateway.GatewayError as error:
        logger.warning("Refunding cancelled order %s failed, the reconciler will retry: %s", order.number, error)


@receiver(order_expiring)
def settle_before_expiry(sender, order, **kwargs):
    """Before an unpaid order is released, ask Stripe about its attempts: a late webhook must not cost the sale."""
    for payment in order.payments.filter(status__in=[Payment.PENDING, Payment.FAILED]).exclude(intent_id=""):
        try:
            sync_payment(payment)
        except gateway.GatewayError as error:
            logger.warning("Checking payment %s before expiry failed: %s", payment.pk, error)
