"""Shared order fixtures: a paid-for-later order holding two artists' work."""

import pytest
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.services import place_order

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")


@pytest.fixture
def two_artist_order(site_pages):
    country, _ = Country.objects.get_or_create(iso_3166_1_a2="GB", defaults={"name": "UK", "printable_name": "UK"})
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    grid = make_artwork(theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50)
    buyer = UserFactory(username="ben")
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    basket.add_product(harbour, 1)
    basket.add_product(grid, 2)
    address = {
        "first_name": "Ben",
        "last_name": "Carter",
        "line1": "1 Quay St",
        "line4": "Bristol",
        "postcode": "BS1 4DJ",
        "country": country,
    }
    order = place_order(user=buyer, basket=basket, shipping_address=address)
    return {"order": order, "maya": maya, "theo": theo, "harbour": harbour, "grid": grid}


def line_of(order, artist):
    return order.lines.get(partner__artist=artist)
