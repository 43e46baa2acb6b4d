"""The order's emails listen to its life: paid, shipped line, cancelled. Connected in `OrderConfig.ready()`.

Kept apart from both `emails.py` (what is sent) and `fulfilment.py` (how orders move), so neither
imports the other.
"""

from django.db import transaction
from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed

from . import emails
from .fulfilment import PAID, PENDING_PAYMENT, line_shipped, order_cancelled


@receiver(order_status_changed)
def email_on_payment(sender, order, old_status, new_status, **kwargs):
    """Once an order is paid, the buyer and each artist hear about it (once: Paid is entered once)."""
    if new_status == PAID and old_status == PENDING_PAYMENT:
        transaction.on_commit(lambda: emails.send_order_confirmation.enqueue(order.pk))


@receiver(order_cancelled)
def email_on_cancel(sender, order, **kwargs):
    emails.send_order_cancelled.enqueue(order.pk)  # order_cancelled is already sent after commit


@receiver(line_shipped)
def email_on_line_shipped(sender, line, **kwargs):
    emails.send_line_shipped.enqueue(line.pk)  # line_shipped is already sent after commit
