"""Oscar's partner is the artist's shop: one partner per artist, holding their stock."""

from django.db import models
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord
from oscar.core.loading import get_model


class Partner(AbstractPartner):
    """The seller of record for one artist's artworks."""

    artist = models.OneToOneField(
        "artists.Artist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner",
    )

    class Meta(AbstractPartner.Meta):
        pass


class StockRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update (Oscar allocates stock this way) also refreshes the artworks' listing columns."""
        from shop.catalogue.listing import refresh_listing

        product_ids = list(self.values_list("product_id", flat=True))
        updated = super().update(**kwargs)
        refresh_listing(get_model("catalogue", "Product").objects.filter(pk__in=product_ids))
        return updated


class StockRecord(AbstractStockRecord):
    """Oscar's stock record; every change to it refreshes the copies its artwork lists from."""

    objects = StockRecordQuerySet.as_manager()

    class Meta(AbstractStockRecord.Meta):
        pass


from oscar.apps.partner.models import *  # noqa: E402, F403
