"""Reads of the catalogue, shared by the site, the API and the studio."""

from django.db.models import Prefetch
from oscar.apps.catalogue.managers import ProductQuerySet


class ArtworkQuerySet(ProductQuerySet):
    """Oscar's product queryset plus the marketplace's notion of what the public may see."""

    def live(self):
        """Public artworks of approved artists: what buyers may browse and buy."""
        return self.filter(is_public=True, hidden_reason="", artist__status="approved")

    def owned_by(self, artist):
        """An artist's own artworks, whatever their state: what the studio and the API edit."""
        return self.filter(artist=artist)

    def for_listing(self):
        """Everything a product card shows, in a fixed number of queries whatever the page size."""
        from oscar.core.loading import get_model

        ProductImage = get_model("catalogue", "ProductImage")
        StockRecord = get_model("partner", "StockRecord")
        return self.select_related("artist", "product_class").prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
            "categories",
        )
