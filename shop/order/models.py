"""Orders: Oscar's, with per-line fulfilment details and a note on every status change."""

from django.db import models
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrderStatusChange


class Line(AbstractLine):
    """One artwork in an order; its artist moves it pending → shipped → delivered."""

    tracking_code = models.CharField(max_length=100, blank=True)
    tracking_url = models.URLField(blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta(AbstractLine.Meta):
        pass


class OrderStatusChange(AbstractOrderStatusChange):
    """A step in the order's tracking history, with who-said-what."""

    note = models.TextField(blank=True)

    class Meta(AbstractOrderStatusChange.Meta):
        pass


from oscar.apps.order.models import *  # noqa: E402, F403
