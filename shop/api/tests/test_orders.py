"""Orders over the API (API.md, section Orders)."""

import pytest
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
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


def signed_in(user) -> APIClient:
    api = APIClient()
    token = api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return api


def fill_cart(user, *artworks):
    basket = Basket.open.filter(owner=user).first() or Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for artwork in artworks:
        basket.add_product(artwork, 1)
    return basket


@pytest.fixture
def shop(site_pages):
    Country.objects.update_or_create(
        iso_3166_1_a2="GB",
        defaults={"name": "United Kingdom", "printable_name": "United Kingdom", "is_shipping_country": True},
    )
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
    return signed_in(shop[buyer]).post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")


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
    api = signed_in(shop["ben"])

    assert api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json").status_code == 400
    fill_cart(shop["ben"], shop["grid"])
    response = api.post("/api/v1/orders/", {"shipping_address": {**ADDRESS, "country": "ZZ"}}, format="json")
    assert response.status_code == 400 and "shipping_address" in response.json()
    assert not Order.objects.exists()


def test_stock_gone_is_a_409_and_nothing_is_created(shop):
    fill_cart(shop["clara"], shop["harbour"])
    assert place(shop, "ben", shop["harbour"]).status_code == 201

    response = signed_in(shop["clara"]).post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    assert response.status_code == 409
    assert "no longer available" in response.json()["detail"]
    assert Order.objects.count() == 1


def test_a_buyer_sees_only_their_own_orders(shop):
    number = place(shop).json()["number"]
    clara = signed_in(shop["clara"])

    assert clara.get(f"/api/v1/orders/{number}/").status_code == 404
    assert clara.get(f"/api/v1/orders/{number}/tracking/").status_code == 404
    assert clara.post(f"/api/v1/orders/{number}/cancel/").status_code == 404
    assert clara.get("/api/v1/orders/").json() == []
    assert [order["number"] for order in signed_in(shop["admin"]).get("/api/v1/orders/").json()] == [number]


def test_cancelling_restores_stock_and_shows_in_tracking(shop):
    number = place(shop).json()["number"]
    ben = signed_in(shop["ben"])

    response = ben.post(f"/api/v1/orders/{number}/cancel/")

    assert response.status_code == 200 and response.json()["status"] == "Cancelled"
    assert StockRecord.objects.get(product=shop["harbour"]).num_allocated == 0
    tracking = ben.get(f"/api/v1/orders/{number}/tracking/").json()
    assert [step["status"] for step in tracking] == ["Placed", "Cancelled"]
    assert tracking[1]["note"] == "Cancelled by the buyer"


def test_admins_move_status_and_illegal_moves_are_409(shop):
    number = place(shop).json()["number"]
    admin = signed_in(shop["admin"])

    assert (
        signed_in(shop["ben"]).patch(f"/api/v1/orders/{number}/status/", {"status": "Paid"}, format="json").status_code
        == 403
    )
    assert admin.patch(f"/api/v1/orders/{number}/status/", {"status": "Delivered"}, format="json").status_code == 409
    assert (
        admin.patch(
            f"/api/v1/orders/{number}/status/", {"status": "Paid", "note": "Bank transfer"}, format="json"
        ).json()["status"]
        == "Paid"
    )
    assert (
        admin.patch(f"/api/v1/orders/{number}/status/", {"status": "Pending payment"}, format="json").status_code == 409
    )


def test_artists_see_only_their_lines_and_ship_them(shop):
    number = place(shop).json()["number"]
    signed_in(shop["admin"]).patch(f"/api/v1/orders/{number}/status/", {"status": "Paid"}, format="json")
    maya, theo = signed_in(shop["maya"].user), signed_in(shop["theo"].user)

    orders = maya.get("/api/v1/artist/orders/").json()
    assert [line["title"] for line in orders[0]["lines"]] == ["Harbour Blue"]
    assert "total" not in orders[0] and orders[0]["ship_to"]["postcode"] == "BS1 4DJ"
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
    assert signed_in(shop["ben"]).post(f"/api/v1/orders/{number}/cancel/").status_code == 409
    assert signed_in(shop["ben"]).get("/api/v1/artist/orders/").status_code == 403


def test_collecting_from_the_artists_is_free(shop):
    fill_cart(shop["ben"], shop["harbour"], shop["grid"])

    response = signed_in(shop["ben"]).post(
        "/api/v1/orders/", {"shipping_address": ADDRESS, "shipping_method": "pickup"}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["total"], response.json()["shipping"]) == ("1100.00", "0.00")
    assert Order.objects.get(number=response.json()["number"]).shipping_code == "pickup"


def list_queries(api) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/orders/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_order_list_costs_the_same_queries_for_one_or_four_orders(shop, django_capture_on_commit_callbacks):
    ben = signed_in(shop["ben"])

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
    orders = ben.get("/api/v1/orders/").json()
    assert len(orders) == 4 and {order["payment_status"] for order in orders} == {"refunded"}
