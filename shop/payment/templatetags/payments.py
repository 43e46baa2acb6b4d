"""`{{ order|payment_status }}` for the buyer's order pages."""

from django import template

from shop.payment.services import payment_status_of

register = template.Library()


@register.filter
def payment_status(order) -> str:
    return payment_status_of(order.payments.all())
