"""Order and payment events that move a commission along (paid, cancelled), and a decline that withdraws its artwork.

- An order entering Paid (a card payment, or an admin) marks each commission in it paid, inside the same
  transaction, under the order's lock: the payment, the ledger booking and the commission commit together.
- A paid order cancelled (and refunded) cancels its commissions and withdraws their artworks.
- An unpaid order cancelled or expired leaves its commissions accepted: `cancel_order` has put the one unit
  back, and the buyer pays again through `checkout.put_in_cart`.
- A declined commission's artwork is unpublished and taken out of every cart.
"""

import logging

from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed

from artists.commissions.models import CommissionRequest
from artists.commissions.services import CommissionRefused, mark_cancelled, mark_paid
from artists.commissions.signals import commission_declined
from shop.order.fulfilment import PAID, PENDING_PAYMENT, order_cancelled

from .checkout import withdraw_artwork

logger = logging.getLogger(__name__)


def commissions_in(order):
    """The commissions whose artworks are lines of `order`, in a fixed order (they are locked one by one)."""
    return CommissionRequest.objects.filter(artwork__line__order=order).order_by("pk").distinct()


@receiver(order_status_changed, dispatch_uid="commissions-order-paid")
def order_paid(sender, order, old_status, new_status, **kwargs):
    if new_status != PAID or old_status != PENDING_PAYMENT:
        return
    for commission in commissions_in(order):
        try:
            mark_paid(commission=commission, order_number=order.number)
        except CommissionRefused as refused:
            # The money is taken and the order stands whatever became of the request: the payment must
            # not roll back over it. Staff settle it from the admin (the order and the request both show).
            logger.warning("Order %s paid commission %s, which refused: %s", order.number, commission.pk, refused)


@receiver(order_cancelled, dispatch_uid="commissions-order-cancelled")
def order_called_off(sender, order, was_paid, **kwargs):
    if not was_paid:
        return  # the commission stays accepted; its artwork is back in stock for the buyer to pay again
    for commission in commissions_in(order):
        try:
            mark_cancelled(commission=commission, reason=f"Order {order.number} was cancelled and refunded.")
        except CommissionRefused as refused:
            logger.warning("Cancelled order %s left commission %s as it was: %s", order.number, commission.pk, refused)
            continue
        withdraw_artwork(commission=commission)


@receiver(commission_declined, dispatch_uid="commissions-declined")
def commission_walked_away(sender, commission, **kwargs):
    # Inside the declining transaction: a refusal here (an order for it awaits payment) undoes the decline.
    withdraw_artwork(commission=commission)
