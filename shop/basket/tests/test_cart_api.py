"""The cart API: shapes and status codes of API.md, one cart per user, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from shop.catalogue.tests.factories import make_artwork

from .conftest import in_cart, open_basket_for

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
add_to_cart = get_class("basket.services", "add_to_cart")
Selector = get_class("partner.strategy", "Selector")


def test_a_buyer_adds_an_artwork_and_gets_the_cart_back(marketplace, buyer):
    grid = marketplace["grid"]

    response = api_as(buyer).post("/api/v1/cart/items/", {"product_id": grid.pk, "quantity": 2}, format="json")

    assert response.status_code == 201, response.content
    cart = response.json()
    line = open_basket_for(buyer).lines.get()
    assert cart["id"] == line.basket_id
    assert cart["total"] == "240.00"
    assert cart["currency"] == "GBP"
    assert cart["num_items"] == 2
    assert len(cart["lines"]) == 1
    cart_line = cart["lines"][0]
    assert set(cart_line) == {"id", "product", "quantity", "unit_price", "line_total"}
    assert (cart_line["id"], cart_line["quantity"]) == (line.pk, 2)
    assert (cart_line["unit_price"], cart_line["line_total"]) == ("120.00", "240.00")
    product = cart_line["product"]  # the artwork exactly as products/{id}/ describes it
    assert product["id"] == grid.pk and product["title"] == "Ancoats Grid"
    assert product["price"] == "120.00" and product["stock"] == 3 and product["is_available"] is True
    assert product["artist"] == {"id": marketplace["theo"].pk, "slug": marketplace["theo"].slug, "name": "Theo Marsh"}
    assert product["url"].endswith(grid.get_absolute_url())


def test_adding_the_same_artwork_again_joins_its_line(marketplace, buyer):
    api = api_as(buyer)
    api.post("/api/v1/cart/items/", {"product_id": marketplace["grid"].pk}, format="json")  # quantity 1 by default

    response = api.post("/api/v1/cart/items/", {"product_id": marketplace["grid"].pk, "quantity": 2}, format="json")

    assert response.status_code == 201
    assert [line["quantity"] for line in response.json()["lines"]] == [3]
    assert in_cart(buyer) == {"Ancoats Grid": 3}


def test_the_cart_totals_every_line(marketplace, buyer):
    basket = open_basket_for(buyer)
    add_to_cart(basket=basket, product=marketplace["harbour"], quantity=1)
    add_to_cart(basket=basket, product=marketplace["quay"], quantity=1)
    add_to_cart(basket=basket, product=marketplace["grid"], quantity=2)

    response = api_as(buyer).get("/api/v1/cart/")

    assert response.status_code == 200
    cart = response.json()
    assert [(line["product"]["title"], line["line_total"]) for line in cart["lines"]] == [
        ("Harbour Blue", "980.00"),
        ("Quay Study", "45.50"),
        ("Ancoats Grid", "240.00"),
    ]
    assert (cart["total"], cart["currency"], cart["num_items"]) == ("1265.50", "GBP", 4)


def test_an_empty_cart_still_has_a_currency_and_zero_total(buyer):
    response = api_as(buyer).get("/api/v1/cart/")

    assert response.status_code == 200
    cart = response.json()
    assert (cart["lines"], cart["total"], cart["currency"], cart["num_items"]) == ([], "0.00", "GBP", 0)


def test_an_unknown_artwork_is_404_and_malformed_bodies_are_400(marketplace, buyer):
    api = api_as(buyer)

    unknown = api.post("/api/v1/cart/items/", {"product_id": 999_999, "quantity": 1}, format="json")
    no_product = api.post("/api/v1/cart/items/", {"quantity": 1}, format="json")
    not_a_number = api.post("/api/v1/cart/items/", {"product_id": "harbour", "quantity": "one"}, format="json")
    absurd = api.post("/api/v1/cart/items/", {"product_id": marketplace["grid"].pk, "quantity": 10**12}, format="json")
    not_json = api.generic("POST", "/api/v1/cart/items/", "{oops", content_type="application/json")

    assert unknown.status_code == 404
    assert no_product.status_code == 400 and "product_id" in no_product.json()
    assert not_a_number.status_code == 400 and set(not_a_number.json()) == {"product_id", "quantity"}
    assert absurd.status_code == 400 and "quantity" in absurd.json()
    assert not_json.status_code == 400
    assert in_cart(buyer) == {}


def test_patch_sets_a_quantity_and_zero_removes_the_line(marketplace, buyer):
    basket = open_basket_for(buyer)
    grid = add_to_cart(basket=basket, product=marketplace["grid"], quantity=1)
    quay = add_to_cart(basket=basket, product=marketplace["quay"], quantity=1)
    api = api_as(buyer)

    more = api.patch(f"/api/v1/cart/items/{grid.pk}/", {"quantity": 3}, format="json")
    gone = api.patch(f"/api/v1/cart/items/{quay.pk}/", {"quantity": 0}, format="json")

    assert more.status_code == 200 and more.json()["num_items"] == 4
    assert gone.status_code == 200
    assert [(line["id"], line["quantity"]) for line in gone.json()["lines"]] == [(grid.pk, 3)]
    assert gone.json()["total"] == "360.00"
    assert in_cart(buyer) == {"Ancoats Grid": 3}


def test_patch_needs_a_whole_quantity(marketplace, buyer):
    line = add_to_cart(basket=open_basket_for(buyer), product=marketplace["grid"], quantity=1)
    api = api_as(buyer)

    assert api.patch(f"/api/v1/cart/items/{line.pk}/", {}, format="json").status_code == 400
    assert api.patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": "lots"}, format="json").status_code == 400
    assert in_cart(buyer) == {"Ancoats Grid": 1}


def test_deleting_a_line_and_emptying_the_cart(marketplace, buyer):
    basket = open_basket_for(buyer)
    grid = add_to_cart(basket=basket, product=marketplace["grid"], quantity=1)
    add_to_cart(basket=basket, product=marketplace["quay"], quantity=1)
    api = api_as(buyer)

    one_gone = api.delete(f"/api/v1/cart/items/{grid.pk}/")
    assert one_gone.status_code == 204 and one_gone.content == b""
    assert in_cart(buyer) == {"Quay Study": 1}

    emptied = api.delete("/api/v1/cart/")
    assert emptied.status_code == 204
    assert in_cart(buyer) == {}
    assert api.get("/api/v1/cart/").json()["lines"] == []
    assert api.delete(f"/api/v1/cart/items/{grid.pk}/").status_code == 404  # already gone


def test_another_users_line_answers_404_and_stays_as_it_was(marketplace, buyer):
    line = add_to_cart(basket=open_basket_for(buyer), product=marketplace["grid"], quantity=2)
    stranger = api_as(UserFactory(username="sam"))

    assert stranger.patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": 1}, format="json").status_code == 404
    assert stranger.patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": 0}, format="json").status_code == 404
    assert stranger.delete(f"/api/v1/cart/items/{line.pk}/").status_code == 404
    assert stranger.delete("/api/v1/cart/").status_code == 204  # empties the stranger's own cart only
    assert in_cart(buyer) == {"Ancoats Grid": 2}


def test_the_cart_needs_a_logged_in_caller(marketplace, buyer):
    line = add_to_cart(basket=open_basket_for(buyer), product=marketplace["grid"], quantity=1)
    anonymous = api_as()

    assert anonymous.get("/api/v1/cart/").status_code == 401
    assert anonymous.delete("/api/v1/cart/").status_code == 401
    assert (
        anonymous.post("/api/v1/cart/items/", {"product_id": marketplace["grid"].pk}, format="json").status_code == 401
    )
    assert anonymous.patch(f"/api/v1/cart/items/{line.pk}/", {"quantity": 2}, format="json").status_code == 401
    assert anonymous.delete(f"/api/v1/cart/items/{line.pk}/").status_code == 401
    assert in_cart(buyer) == {"Ancoats Grid": 1}


def test_methods_outside_the_contract_are_405(buyer):
    api = api_as(buyer)

    assert api.put("/api/v1/cart/", {}, format="json").status_code == 405
    assert api.get("/api/v1/cart/items/").status_code == 405


def test_duplicate_open_baskets_are_merged_into_one_cart(marketplace, buyer):
    first = Basket.objects.create(owner=buyer)
    second = Basket.objects.create(owner=buyer)
    for basket, artwork in ((first, marketplace["quay"]), (second, marketplace["grid"])):
        basket.strategy = Selector().strategy(user=buyer)
        add_to_cart(basket=basket, product=artwork, quantity=1)

    response = api_as(buyer).get("/api/v1/cart/")

    assert response.status_code == 200
    assert response.json()["id"] == first.pk
    assert sorted(line["product"]["title"] for line in response.json()["lines"]) == ["Ancoats Grid", "Quay Study"]
    assert Basket.open.filter(owner=buyer).count() == 1


def queries_to_read_a_cart_of(lines: int, buyer, artists) -> int:
    basket = open_basket_for(buyer)
    basket.flush()
    for number in range(lines):
        artwork = make_artwork(artists[number % len(artists)], title=f"Study {lines}.{number}", price="10.00")
        add_to_cart(basket=basket, product=artwork, quantity=1)
    api = api_as(buyer)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/cart/")
    assert response.status_code == 200 and len(response.json()["lines"]) == lines
    return len(queries)


def test_reading_the_cart_takes_the_same_queries_for_3_lines_as_for_12(marketplace, buyer):
    artists = [marketplace["maya"], marketplace["theo"]]
    few = queries_to_read_a_cart_of(3, buyer, artists)
    many = queries_to_read_a_cart_of(12, buyer, artists)

    assert few == many
    assert few <= 15
