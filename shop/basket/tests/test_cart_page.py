"""The cart page: totals per artist and overall, and the same cart as the API's."""

from decimal import Decimal
from html import unescape

import pytest
from oscar.core.loading import get_class

from artiqo.testing import api_as

from .conftest import in_cart, open_basket_for

pytestmark = pytest.mark.django_db

add_to_cart = get_class("basket.services", "add_to_cart")


def test_the_cart_page_shows_what_each_artist_and_the_whole_cart_come_to(client, marketplace, buyer):
    basket = open_basket_for(buyer)
    add_to_cart(basket=basket, product=marketplace["harbour"], quantity=1)
    add_to_cart(basket=basket, product=marketplace["grid"], quantity=2)
    add_to_cart(basket=basket, product=marketplace["quay"], quantity=1)
    client.force_login(buyer)

    response = client.get("/shop/basket/")

    assert response.status_code == 200
    totals = [
        (group["artist"].display_name, [line.product.title for line in group["lines"]], group["subtotal"])
        for group in response.context["artist_totals"]
    ]
    assert totals == [
        ("Maya Okafor", ["Harbour Blue", "Quay Study"], Decimal("1025.50")),
        ("Theo Marsh", ["Ancoats Grid"], Decimal("240.00")),
    ]
    page = unescape(response.content.decode())
    by_artist = page[page.index('id="artist_totals"') : page.index('id="basket_totals"')]
    assert "Maya Okafor" in by_artist and "£1,025.50" in by_artist and "(2 artworks)" in by_artist
    assert "Theo Marsh" in by_artist and "£240.00" in by_artist and "(1 artwork)" in by_artist
    overall = page[page.index('id="basket_totals"') :]
    assert "£1,265.50" in overall
    assert 'class="basket-items"' in page  # Oscar's line markup is still there


def test_an_empty_cart_page_has_no_artist_totals(client, buyer):
    client.force_login(buyer)

    response = client.get("/shop/basket/")

    assert response.status_code == 200
    assert response.context["artist_totals"] == []
    assert 'id="artist_totals"' not in response.content.decode()


def test_what_the_api_adds_is_in_the_site_basket_and_back(client, marketplace, buyer):
    api = api_as(buyer)
    added = api.post("/api/v1/cart/items/", {"product_id": marketplace["grid"].pk, "quantity": 2}, format="json")
    assert added.status_code == 201
    client.force_login(buyer)

    page = client.get("/shop/basket/")

    assert page.context["basket"].id == added.json()["id"]
    assert [(line.product.title, line.quantity) for line in page.context["basket"].all_lines()] == [("Ancoats Grid", 2)]
    assert "Ancoats Grid" in page.content.decode()

    client.post(f"/shop/basket/add/{marketplace['quay'].pk}/", {"quantity": 1})

    cart = api.get("/api/v1/cart/").json()
    assert cart["id"] == added.json()["id"]
    assert [(line["product"]["title"], line["quantity"]) for line in cart["lines"]] == [
        ("Ancoats Grid", 2),
        ("Quay Study", 1),
    ]
    assert in_cart(buyer) == {"Ancoats Grid": 2, "Quay Study": 1}
