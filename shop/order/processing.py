"""Oscar's order event handler, sending staff's status changes through the marketplace's rules.

The dashboard changes order status through this handler; routing it through our fulfilment
services means a cancellation there also releases stock and refunds, like everywhere else.
"""

from oscar.apps.order.processing import *  # noqa: F403  (the fork keeps Oscar's other classes)
from oscar.apps.order.processing import EventHandler as OscarEventHandler

from .fulfilment import CANCELLED, cancel_order, change_order_status


class EventHandler(OscarEventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None):
        if new_status == CANCELLED:
            cancel_order(order=order, note=note_msg or "Cancelled by Artiqo")
        else:
            change_order_status(order=order, status=new_status, note=note_msg or "")
        order.refresh_from_db()
