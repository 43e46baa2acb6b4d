"""Reads of the catalogue, shared by the site, the API and the studio."""

from django.db.models import Prefetch, Q
from oscar.apps.catalogue.managers import ProductQuerySet

# `is_live IN (TRUE)`, not `is_live = TRUE`: Django writes the latter as a bare `WHERE is_live`,
# which neither SQLite nor MariaDB can use as the first key of the (is_live, …) listing indexes.
LIVE = Q(is_live__in=[True])


class ArtworkQuerySet(ProductQuerySet):
    """Oscar's product queryset plus the marketplace's notion of what the public may see."""

    def live(self):
        """Public, unhidden artworks of approved artists: what buyers may browse and buy.

        Reads the copied `is_live` column (indexed); its one definition in terms of the owning rows
        is `shop.catalogue.listing.LIVE_SOURCE`, applied by `refresh_listing()` on every change.
        """
        return self.filter(LIVE)

    def available(self):
        """Live artworks with units left beyond those promised to orders."""
        return self.live().filter(units_left__gt=0)

    def reserved_for(self, user):
        """Commissioned one-offs reserved for `user` as their buyer: public, not hidden, by an approved artist.

        They are never live (`LIVE_SOURCE` leaves commissions out), so only their buyer reaches them here;
        a declined or cancelled commission's artwork is unpublished and drops out.
        """
        if user is None or not user.is_authenticated:
            return self.none()
        from artists.models import Artist

        return self.filter(
            commission__buyer=user,
            is_public=True,
            hidden_reason="",
            parent__isnull=True,
            artist__status=Artist.Status.APPROVED,
        )

    def visible_to(self, user):
        """What `user` may see and put in a cart as a buyer: live artworks and the ones reserved for them."""
        if user is None or not user.is_authenticated:
            return self.live()
        return self.filter(LIVE | Q(pk__in=self.model.objects.reserved_for(user).values("pk")))

    def owned_by(self, artist):
        """An artist's own artworks, whatever their state: what the studio and the API edit."""
        return self.filter(artist=artist)

    def for_listing(self):
        """Everything a product card shows, in a fixed number of queries whatever the page size."""
        from oscar.core.loading import get_model

        ProductImage = get_model("catalogue", "ProductImage")
        StockRecord = get_model("partner", "StockRecord")
        # The stock record feeds Oscar's pricing strategy (the one rule for what is buyable); the
        # category shown is the artwork's main one, joined rather than prefetched.
        return self.select_related("artist", "product_class", "main_category").prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
        )
