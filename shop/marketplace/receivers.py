"""The ledger listens to payments and deliveries: a payment that pays an order books its sales and
fees, a refund reverses them, a delivery fixes when the line's earnings become available.

Both signals are sent inside the payment's transaction, under its row lock, so the booking
commits (or rolls back) with the payment's new status.
"""

from django.dispatch import receiver

from shop.order.fulfilment import line_delivered
from shop.payment.signals import payment_completed, payment_refunded

from . import ledger


@receiver(payment_completed)
def book_sale(sender, payment, **kwargs):
    ledger.book_paid_order(payment)


@receiver(payment_refunded)
def book_refund(sender, payment, **kwargs):
    ledger.book_refund(payment)


@receiver(line_delivered)
def fix_payable_moment(sender, line, **kwargs):
    ledger.fix_payable_moment(line)
