"""A small marketplace for the cart's tests: two approved artists, three artworks (`buyer` is in the root conftest)."""

import pytest
from oscar.core.loading import get_class

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

open_basket_for = get_class("basket.services", "open_basket_for")


def in_cart(user) -> dict[str, int]:
    """What the user's cart holds, read from the database: artwork title → quantity."""
    basket = open_basket_for(user)
    return {line.product.title: line.quantity for line in basket.lines.select_related("product").order_by("pk")}


@pytest.fixture
def marketplace(site_pages):
    maya = make_artist(username="maya", city="Bristol", display_name="Maya Okafor")
    theo = make_artist(username="theo", city="Manchester", display_name="Theo Marsh")
    return {
        "maya": maya,
        "theo": theo,
        "harbour": make_artwork(maya, title="Harbour Blue", price="980.00"),  # an original: one of one
        "quay": make_artwork(maya, title="Quay Study", price="45.50"),
        "grid": make_artwork(theo, title="Ancoats Grid", price="120.00", stock=3, is_original=False, edition_size=50),
    }
