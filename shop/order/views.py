"""The buyer's own order actions on the site: cancelling before anything ships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from .fulfilment import IllegalTransition, cancel_order

Order = get_model("order", "Order")


@login_required
@require_POST
def cancel_order_view(request, order_number):
    """Cancel the signed-in buyer's order; anyone else's order is a 404, not a refusal."""
    order = get_object_or_404(Order, number=order_number, user=request.user)
    try:
        cancel_order(order=order)
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.number} is cancelled. The artworks are back on sale.")
    return redirect("customer:order", order_number=order.number)
