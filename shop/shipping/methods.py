"""How artworks reach buyers: delivered by each artist (a flat rate per artist), or collected."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.shipping.methods import *  # noqa: F403  (the fork keeps Oscar's methods)
from oscar.apps.shipping.methods import Base
from oscar.core import prices


def artists_in(basket) -> list:
    """The distinct artists whose work is in the basket, in the order their lines were added."""
    seen = {}
    for line in basket.all_lines():
        artist = getattr(line.product, "artist", None)
        if artist is not None:
            seen.setdefault(artist.pk, artist)
    return list(seen.values())


class ArtistDelivery(Base):
    """Each artist posts their own pieces, so delivery costs a flat rate per artist in the order."""

    code = "delivery"
    name = "Delivery"

    @property
    def rate(self) -> Decimal:
        return Decimal(settings.SHIPPING_RATE_PER_ARTIST)

    def calculate(self, basket):
        charge = self.rate * len(artists_in(basket))
        return prices.Price(currency=basket.currency, excl_tax=charge, tax=Decimal("0.00"))

    @property
    def description(self) -> str:
        return f"Sent by each artist: £{self.rate:.2f} per artist in your order."


class CollectFromArtist(Base):
    """The buyer collects from each artist's studio; free."""

    code = "pickup"
    name = "Collect from the artist"
    description = "Free: you collect each piece from its artist's studio (we'll put you in touch)."

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=Decimal("0.00"), tax=Decimal("0.00"))

    def cities(self, basket) -> list[str]:
        return sorted({artist.city for artist in artists_in(basket)})
