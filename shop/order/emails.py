"""Order emails: the buyer's confirmation, each artist's "new order for your art", shipping, cancellation.

Texts are Oscar communication event types (codes below): file templates under
`templates/oscar/communication/emails/`, which staff can override in the dashboard's Emails
section without a deploy. They are sent by a background task enqueued after the transaction
commits, so a rolled-back order never emails anyone and a slow SMTP server never slows checkout.
What enqueues them is `receivers.py`, listening to the order's signals: this module knows nothing
of how orders move.
"""

from django_tasks import task
from oscar.core.loading import get_class, get_model

from artiqo.ops.mail import delivery_connection

Dispatcher = get_class("communication.utils", "Dispatcher")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

ORDER_CONFIRMED = "ORDER_CONFIRMED"
NEW_ORDER_FOR_ARTIST = "NEW_ORDER_FOR_ARTIST"
LINE_SHIPPED = "LINE_SHIPPED"
ORDER_CANCELLED = "ORDER_CANCELLED"


def _send(code: str, to: str, **context) -> None:
    # Already in a worker: deliver through the real backend, not back through the queue.
    dispatcher = Dispatcher(mail_connection=delivery_connection())
    dispatcher.dispatch_direct_messages(to, dispatcher.get_messages(code, context))


@task()
def send_order_confirmation(order_id: int) -> None:
    """The buyer's confirmation, then one email per artist listing only that artist's lines."""
    order = Order.objects.select_related("user", "shipping_address").get(pk=order_id)
    _send(ORDER_CONFIRMED, order.email or order.user.email, order=order)
    by_artist: dict = {}
    for line in order.lines.select_related("partner__artist__user").order_by("pk"):
        artist = getattr(line.partner, "artist", None)
        if artist is not None:
            by_artist.setdefault(artist, []).append(line)
    for artist, lines in by_artist.items():
        total = sum(line.line_price_incl_tax for line in lines)
        _send(
            NEW_ORDER_FOR_ARTIST,
            artist.user.email,
            order=order,
            artist=artist,
            lines=lines,
            total=total,
            address=None if order.shipping_code == "pickup" else order.shipping_address,
        )


@task()
def send_line_shipped(line_id: int) -> None:
    line = Line.objects.select_related("order__user", "partner__artist").get(pk=line_id)
    _send(LINE_SHIPPED, line.order.email or line.order.user.email, order=line.order, line=line)


@task()
def send_order_cancelled(order_id: int) -> None:
    order = Order.objects.select_related("user").get(pk=order_id)
    _send(ORDER_CANCELLED, order.email or order.user.email, order=order)
