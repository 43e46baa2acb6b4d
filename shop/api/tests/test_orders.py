"""Orders over the API (API.md, section Orders)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.tests.factories import make_order, shipping_country

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Ben",
    "last_name": "Carter",
    "line1": "1 Quay St",
    "city": "Bristol",
    "postcode": "BS1 4DJ",
    "country": "GB",
}


def fill_cart(user, *artworks):
    basket = Basket.open.filter(owner=user).first() or Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for artwork in artworks:
        basket.add_product(artwork, 1)
    return basket


@pytest.fixture
def shop(site_pages):
    shipping_country()
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    return {
        "maya": maya,
        "theo": theo,
        "harbour": make_artwork(maya, title="Harbour Blue", price="980.00"),
        "grid": make_artwork(theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50),
        "ben": UserFactory(username="ben"),
        "clara": UserFactory(username="clara"),
        "admin": UserFactory(username="ada", is_staff=True),
    }


def place(shop, buyer="ben", *artworks):
    fill_cart(shop[buyer], *(artworks or (shop["harbour"], shop["grid"])))
    return api_as(shop[buyer]).post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")


def test_placing_an_order_from_the_cart(shop):
    response = place(shop)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "Pending payment" and body["payment_status"] == "pending"
    assert (body["total"], body["shipping"], body["currency"]) == ("1116.00", "16.00", "GBP"), "8.00 per artist"
    assert {(line["title"], line["artist"]["slug"], line["status"]) for line in body["lines"]} == {
        ("Harbour Blue", "maya", "pending"),
        ("Ancoats Grid", "theo", "pending"),
    }
    assert Order.objects.get(number=body["number"]).user == shop["ben"]
    assert Basket.open.filter(owner=shop["ben"]).count() == 0


def test_an_empty_cart_or_a_bad_address_is_a_400(shop):
    api = api_as(shop["ben"])

    assert api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json").status_code == 400
    fill_cart(shop["ben"], shop["grid"])
    response = api.post("/api/v1/orders/", {"shipping_address": {**ADDRESS, "country": "ZZ"}}, format="json")
    assert response.status_code == 400 and "shipping_address" in response.json()
    assert not Order.objects.exists()


def test_stock_gone_is_a_409_and_nothing_is_created(shop):
    fill_cart(shop["clara"], shop["harbour"])
    assert place(shop, "ben", shop["harbour"]).status_code == 201

    response = api_as(shop["clara"]).post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    assert response.status_code == 409
    assert "no longer available" in response.json()["detail"]
    assert Order.objects.count() == 1


def test_a_buyer_sees_only_their_own_orders(shop):
    number = place(shop).json()["number"]
    clara = api_as(shop["clara"])

    assert clara.get(f"/api/v1/orders/{number}/").status_code == 404
    assert clara.get(f"/api/v1/orders/{number}/tracking/").status_code == 404
    assert clara.post(f"/api/v1/orders/{number}/cancel/").status_code == 404
    assert clara.get("/api/v1/orders/").json() == {"count": 0, "next": None, "previous": None, "results": []}
    admin_list = api_as(shop["admin"]).get("/api/v1/orders/").json()
    assert [order["number"] for order in admin_list["results"]] == [number]


def test_cancelling_restores_stock_and_shows_in_tracking(shop):
    number = place(shop).json()["number"]
    ben = api_as(shop["ben"])

    response = ben.post(f"/api/v1/orders/{number}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "Cancelled"
    assert StockRecord.objects.get(product=shop["harbour"]).num_allocated == 0
    tracking = ben.get(f"/api/v1/orders/{number}/tracking/").json()
    assert [step["status"] for step in tracking] == ["Placed", "Cancelled"]
    assert tracking[1]["note"] == "Cancelled by the buyer"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_admins_move_status_and_illegal_moves_are_409(shop, method):
    number = place(shop).json()["number"]
    url = f"/api/v1/orders/{number}/status/"
    admin, ben = getattr(api_as(shop["admin"]), method), getattr(api_as(shop["ben"]), method)

    assert ben(url, {"status": "Paid"}, format="json").status_code == 403
    assert admin(url, {"status": "Delivered"}, format="json").status_code == 409
    assert admin(url, {}, format="json").status_code == 400
    moved = admin(url, {"status": "Paid", "note": "Bank transfer"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "Paid"
    assert Order.objects.get(number=number).status == "Paid"
    assert admin(url, {"status": "Pending payment"}, format="json").status_code == 409


def test_artists_see_only_their_lines_and_ship_them(shop):
    number = place(shop).json()["number"]
    api_as(shop["admin"]).patch(f"/api/v1/orders/{number}/status/", {"status": "Paid"}, format="json")
    maya, theo = api_as(shop["maya"].user), api_as(shop["theo"].user)

    listing = maya.get("/api/v1/artist/orders/").json()
    assert listing["count"] == 1
    orders = listing["results"]
    assert [line["title"] for line in orders[0]["lines"]] == ["Harbour Blue"]
    # Her part of the money (her line and her half of the two-artist delivery), never the buyer's whole order.
    assert (orders[0]["total"], orders[0]["shipping"], orders[0]["currency"]) == ("988.00", "8.00", "GBP")
    assert orders[0]["ship_to"] == {
        "name": "Ben Carter",
        "line1": "1 Quay St",
        "city": "Bristol",
        "postcode": "BS1 4DJ",
        "country": "GB",
    }
    maya_line = orders[0]["lines"][0]["id"]

    assert (
        theo.patch(f"/api/v1/artist/order-lines/{maya_line}/", {"status": "shipped"}, format="json").status_code == 404
    )
    shipped = maya.patch(
        f"/api/v1/artist/order-lines/{maya_line}/", {"status": "shipped", "tracking_code": "RM1"}, format="json"
    )
    assert shipped.status_code == 200 and shipped.json()["tracking_code"] == "RM1"
    assert (
        maya.patch(f"/api/v1/artist/order-lines/{maya_line}/", {"status": "shipped"}, format="json").status_code == 409
    )
    assert api_as(shop["ben"]).post(f"/api/v1/orders/{number}/cancel/").status_code == 409
    assert api_as(shop["ben"]).get("/api/v1/artist/orders/").status_code == 403


def test_collecting_from_the_artists_is_free(shop):
    fill_cart(shop["ben"], shop["harbour"], shop["grid"])

    response = api_as(shop["ben"]).post(
        "/api/v1/orders/", {"shipping_address": ADDRESS, "shipping_method": "pickup"}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["total"], response.json()["shipping"]) == ("1100.00", "0.00")
    assert Order.objects.get(number=response.json()["number"]).shipping_code == "pickup"


def list_queries(api, path="/api/v1/orders/") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_order_list_costs_the_same_queries_for_one_or_four_orders(shop, django_capture_on_commit_callbacks):
    ben = api_as(shop["ben"])

    def paid_then_cancelled():
        number = place(shop, "ben", shop["grid"]).json()["number"]
        paid = ben.post(
            f"/api/v1/orders/{number}/payments/",
            {"payment_method": "pm_card_visa"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=number,
        )
        assert paid.json()["status"] == "completed"
        with django_capture_on_commit_callbacks(execute=True):  # the refund runs after the cancel commits
            assert ben.post(f"/api/v1/orders/{number}/cancel/").status_code == 200

    paid_then_cancelled()
    one = list_queries(ben)
    for _ in range(3):
        paid_then_cancelled()

    assert list_queries(ben) == one > 0
    orders = ben.get("/api/v1/orders/").json()["results"]
    assert len(orders) == 4 and {order["payment_status"] for order in orders} == {"refunded"}


def placed_directly(shop, buyer, *artworks):
    """An order placed through the order service, for tests that need many of them quickly."""
    return make_order(shop[buyer], *artworks)


def test_order_lists_are_paginated_like_every_list(shop):
    editions = make_artwork(shop["maya"], title="Edition", price="10.00", stock=30, is_original=False, edition_size=30)
    numbers = [placed_directly(shop, "ben", editions).number for _ in range(25)]
    ben, maya = api_as(shop["ben"]), api_as(shop["maya"].user)

    first = ben.get("/api/v1/orders/").json()
    second = ben.get("/api/v1/orders/?page=2").json()

    assert first["count"] == 25 and len(first["results"]) == 20 and first["previous"] is None
    assert first["next"].endswith("/api/v1/orders/?page=2")
    assert [order["number"] for order in first["results"] + second["results"]] == numbers[::-1], "newest first"
    assert second["next"] is None and len(second["results"]) == 5
    assert len(ben.get("/api/v1/orders/?page_size=7").json()["results"]) == 7
    assert len(ben.get("/api/v1/orders/?page_size=1000").json()["results"]) == 25, "capped at 100, not refused"
    assert ben.get("/api/v1/orders/?page=9").status_code == 404
    artist_page = maya.get("/api/v1/artist/orders/?page=2&page_size=10").json()
    assert artist_page["count"] == 25
    assert [order["number"] for order in artist_page["results"]] == numbers[::-1][10:20]


def test_order_lists_cost_the_same_queries_for_2_or_20_orders(shop):
    editions = make_artwork(shop["maya"], title="Edition", price="10.00", stock=30, is_original=False, edition_size=30)
    ben, maya, admin = api_as(shop["ben"]), api_as(shop["maya"].user), api_as(shop["admin"])
    for _ in range(2):
        placed_directly(shop, "ben", editions, shop["grid"])
    counts_for_two = [list_queries(ben), list_queries(maya, "/api/v1/artist/orders/"), list_queries(admin)]

    for _ in range(18):
        placed_directly(shop, "ben", editions)

    assert len(ben.get("/api/v1/orders/").json()["results"]) == 20
    assert len(maya.get("/api/v1/artist/orders/").json()["results"]) == 20
    assert [list_queries(ben), list_queries(maya, "/api/v1/artist/orders/"), list_queries(admin)] == counts_for_two


def test_delete_cancels_the_order_like_the_cancel_action(shop):
    number = place(shop).json()["number"]
    ben = api_as(shop["ben"])

    assert api_as(shop["clara"]).delete(f"/api/v1/orders/{number}/").status_code == 404
    assert APIClient().delete(f"/api/v1/orders/{number}/").status_code == 401
    response = ben.delete(f"/api/v1/orders/{number}/")

    assert response.status_code == 200 and response.json()["status"] == "Cancelled"
    assert Order.objects.get(number=number).status == "Cancelled", "cancelled, not deleted"
    assert StockRecord.objects.get(product=shop["harbour"]).num_allocated == 0
    assert ben.get(f"/api/v1/orders/{number}/tracking/").json()[1]["note"] == "Cancelled by the buyer"
    assert ben.delete(f"/api/v1/orders/{number}/").json()["status"] == "Cancelled", "idempotent, as the action is"


def test_delete_refuses_once_a_line_has_shipped(shop):
    number = place(shop, "ben", shop["grid"]).json()["number"]
    api_as(shop["admin"]).patch(f"/api/v1/orders/{number}/status/", {"status": "Paid"}, format="json")
    line = Order.objects.get(number=number).lines.get()
    theo = api_as(shop["theo"].user)
    assert theo.patch(f"/api/v1/artist/order-lines/{line.pk}/", {"status": "shipped"}, format="json").status_code == 200

    response = api_as(shop["ben"]).delete(f"/api/v1/orders/{number}/")

    assert response.status_code == 409 and "already shipped" in response.json()["detail"]
    assert Order.objects.get(number=number).status == "Shipped"


def test_an_artist_alone_in_an_order_gets_all_of_its_delivery(shop):
    placed_directly(shop, "ben", shop["grid"])

    order = api_as(shop["theo"].user).get("/api/v1/artist/orders/").json()["results"][0]

    assert (order["total"], order["shipping"]) == ("128.00", "8.00")


def test_the_order_lists_answer_in_the_shapes_the_schema_documents(shop, client):
    place(shop)
    schemas = client.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    buyer_list = api_as(shop["ben"]).get("/api/v1/orders/").json()
    artist_list = api_as(shop["maya"].user).get("/api/v1/artist/orders/").json()

    assert set(buyer_list) == set(schemas["PaginatedOrderList"]["properties"])
    assert set(buyer_list["results"][0]) == set(schemas["Order"]["properties"])
    assert set(artist_list) == set(schemas["PaginatedArtistOrderList"]["properties"])
    assert set(artist_list["results"][0]) == set(schemas["ArtistOrder"]["properties"])
    assert set(artist_list["results"][0]["ship_to"]) == set(schemas["ShipTo"]["properties"])
    assert set(artist_list["results"][0]["lines"][0]) == set(schemas["Line"]["properties"])
