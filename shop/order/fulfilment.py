"""Order and line status changes: cancelling, admins' moves, artists shipping their lines, expiry.

Order statuses follow OSCAR_ORDER_STATUS_PIPELINE (Pending payment → Paid → Shipped → Delivered,
Cancelled from Pending payment or Paid). A line belongs to one artist, who moves it pending →
shipped → delivered; the order becomes Shipped when every line has shipped and Delivered when
every line is delivered. Every change is recorded with its time and a note.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_model

from artists.commissions.models import CommissionRequest

Order = get_model("order", "Order")
Line = get_model("order", "Line")

PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED = "Pending payment", "Paid", "Shipped", "Delivered", "Cancelled"

# Sent after a cancellation commits, with `order` and `was_paid`: payments refund, emails go out.
order_cancelled = Signal()
# Sent with `order` just before an unpaid order expires: payments ask Stripe about charges in flight.
order_expiring = Signal()
# Sent after an artist's "shipped" commits, with `line`: the buyer is emailed the tracking.
line_shipped = Signal()
# Sent inside the transaction that marks a line delivered, with `line`: the marketplace fixes when
# the line's earnings become payable.
line_delivered = Signal()


class IllegalTransition(InvalidOrderStatus):
    """A status change the pipeline does not allow (the API answers 409)."""


def _set_status(order, status: str, note: str) -> None:
    if status == order.status:
        return
    if status not in order.available_statuses():
        raise IllegalTransition(f"An order that is {order.status} cannot become {status}.")
    order.set_status(status)
    order.status_changes.filter(new_status=status, note="").order_by("-pk").update(note=note)


@transaction.atomic
def change_order_status(*, order, status: str, note: str = ""):
    """An admin moves an order along the pipeline; cancelling goes through `cancel_order`."""
    if status == CANCELLED:
        return cancel_order(order=order, note=note or "Cancelled by Artiqo")
    order = Order.objects.select_for_update().get(pk=order.pk)
    _set_status(order, status, note)
    return order


@transaction.atomic
def cancel_order(*, order, note: str = "Cancelled by the buyer"):
    """Cancel before anything ships: stock goes back on sale; a paid order is refunded (payments)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == CANCELLED:
        return order
    if order.lines.exclude(status__in=["pending", "cancelled"]).exists():
        raise IllegalTransition("Part of this order has already shipped, so it can no longer be cancelled.")
    was_paid = order.status == PAID
    _set_status(order, CANCELLED, note)
    for line in order.lines.select_related("stockrecord"):
        line.cancel_allocation(line.quantity)
    transaction.on_commit(lambda: order_cancelled.send(sender=Order, order=order, was_paid=was_paid))
    return order


@transaction.atomic
def move_line(*, line, artist, status: str, tracking_code: str = "", tracking_url: str = ""):
    """The line's artist marks it shipped (with optional tracking) or delivered."""
    line = Line.objects.select_for_update().select_related("order", "partner").get(pk=line.pk)
    if line.partner is None or line.partner.artist_id != artist.pk:
        raise Line.DoesNotExist  # not theirs: the caller answers 404
    order = Order.objects.select_for_update().get(pk=line.order_id)
    if order.status not in (PAID, SHIPPED):
        raise IllegalTransition(f"An order that is {order.status} cannot be shipped.")
    if status not in line.available_statuses():
        raise IllegalTransition(f"A {line.status} line cannot become {status}.")
    if status == "shipped":
        _check_commission_completed(line)
    now = timezone.now()
    if status == "shipped":
        line.consume_allocation(line.quantity)  # the units leave the artist's stock for good
        line.tracking_code, line.tracking_url, line.shipped_at = tracking_code, tracking_url, now
    elif status == "delivered":
        line.delivered_at = now
    line.set_status(status)
    line.save()
    if status == "shipped":
        transaction.on_commit(lambda: line_shipped.send(sender=Line, line=line))
    elif status == "delivered":
        line_delivered.send(sender=Line, line=line)
    _follow_lines(order)
    return line


def _check_commission_completed(line) -> None:
    """A commissioned piece ships once its artist has marked it made (with pictures of it), not before."""
    if line.product_id is None:
        return
    commission = CommissionRequest.objects.filter(artwork__pk=line.product_id).only("status").first()
    if commission is not None and commission.status != CommissionRequest.Status.COMPLETED:
        raise IllegalTransition("Mark the commission completed before shipping it.")


def _follow_lines(order) -> None:
    statuses = set(order.lines.exclude(status="cancelled").values_list("status", flat=True))
    if statuses == {"delivered"}:
        if order.status == PAID:
            _set_status(order, SHIPPED, "Every artwork has shipped")
        _set_status(order, DELIVERED, "Every artwork has been delivered")
    elif statuses <= {"shipped", "delivered"} and order.status == PAID:
        _set_status(order, SHIPPED, "Every artwork has shipped")


def expire_unpaid_orders(*, now=None) -> list[str]:
    """Cancel orders left unpaid past the hold time, releasing their stock; returns their numbers."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.ORDER_PAYMENT_HOLD_MINUTES)
    expired = []
    for order in Order.objects.filter(status=PENDING_PAYMENT, date_placed__lt=cutoff).order_by("pk"):
        order_expiring.send(sender=Order, order=order)  # a charge whose webhook is late may pay it now
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.status == PENDING_PAYMENT:  # paid meanwhile? leave it
                cancel_order(order=locked, note="Not paid in time: the artworks are back on sale")
                expired.append(locked.number)
    return expired
