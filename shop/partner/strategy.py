"""How the shop prices artworks and decides whether they can be bought."""

from oscar.apps.partner import availability
from oscar.apps.partner.strategy import *  # noqa: F403  (the fork keeps Oscar's strategy classes)
from oscar.apps.partner.strategy import NoTax, StockRequired, Structured, UseFirstStockRecord


class ArtistMustBeApproved:
    """Availability mixin: only approved artists sell; a suspended artist's work cannot be bought."""

    def availability_policy(self, product, stockrecord):
        artist = getattr(product, "artist", None)
        if artist is None or not artist.is_approved:
            return NotForSale()
        return super().availability_policy(product, stockrecord)


class NotForSale(availability.Unavailable):
    message = "Not for sale at the moment"


class Marketplace(UseFirstStockRecord, ArtistMustBeApproved, StockRequired, NoTax, Structured):
    """One stock record per artwork, stock required, prices as the artist set them (no tax added)."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Marketplace(request)
