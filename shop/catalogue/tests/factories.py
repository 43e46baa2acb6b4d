from decimal import Decimal

from oscar.core.loading import get_class

create_artwork = get_class("catalogue.services", "create_artwork")


def make_artwork(artist, *, title="Untitled", price="100.00", stock=1, **fields):
    """An artwork listed through the same service the studio and the API use."""
    return create_artwork(artist=artist, title=title, price=Decimal(price), stock=stock, **fields)
