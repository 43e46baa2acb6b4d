"""Buying on the site: Oscar's checkout with delivery or collection, no payment step yet."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.tests.factories import basket_with, make_order, shipping_country

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Ben",
    "last_name": "Carter",
    "line1": "1 Quay St",
    "line4": "Bristol",
    "postcode": "BS1 4DJ",
    "country": "GB",
}


@pytest.fixture
def two_artists_in_basket(site_pages, client):
    """Ben, signed in, with an original by Maya (Bristol) and a print by Theo (Manchester) in his basket."""
    shipping_country()
    maya = make_artist(username="maya", city="Bristol")
    theo = make_artist(username="theo", city="Manchester")
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    grid = make_artwork(theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50)
    buyer = basket_with(UserFactory(username="ben"), harbour, (grid, 2)).owner
    client.force_login(buyer)
    return {"buyer": buyer, "harbour": harbour, "grid": grid, "client": client}


def go_to_preview(client, method_code: str):
    response = client.post(reverse("checkout:shipping-address"), ADDRESS)
    assert response.status_code == 302 and response.url == reverse("checkout:shipping-method")
    response = client.post(reverse("checkout:shipping-method"), {"method_code": method_code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:preview"), "no payment step in between"
    assert response.status_code == 200
    return response


def place(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def test_the_shipping_step_offers_delivery_per_artist_and_collection_from_their_cities(two_artists_in_basket):
    client = two_artists_in_basket["client"]
    client.post(reverse("checkout:shipping-address"), ADDRESS)

    response = client.get(reverse("checkout:shipping-method"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Delivery (£8.00 per artist)" in body
    assert "£16.00" in body, "two artists, two deliveries"
    assert "Collect from the artist" in body
    assert "Bristol, Manchester" in body


def test_a_basket_of_two_artists_becomes_one_order_pending_payment_with_delivery(two_artists_in_basket):
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]

    preview = go_to_preview(client, "delivery")
    assert "Place order" in preview.content.decode()
    assert "Pending payment" in preview.content.decode()
    response = place(client)

    order = Order.objects.get(user=buyer)
    assert response.status_code == 302 and response.url == reverse("payments:pay", kwargs={"number": order.number})
    assert order.status == "Pending payment"
    assert order.shipping_code == "delivery"
    assert order.shipping_incl_tax == Decimal("16.00")
    assert order.total_incl_tax == Decimal("980.00") + 2 * Decimal("120.00") + Decimal("16.00")
    assert sorted(order.lines.values_list("title", "quantity")) == [("Ancoats Grid", 2), ("Harbour Blue", 1)]
    assert order.shipping_address.line1 == "1 Quay St"
    assert StockRecord.objects.get(product=two_artists_in_basket["harbour"]).num_allocated == 1
    payment_page = client.get(response.url)
    assert payment_page.status_code == 200
    assert f"Pay for order {order.number}" in payment_page.content.decode()
    assert "Pending payment" in payment_page.content.decode() and 'id="card-element"' in payment_page.content.decode()


def test_collecting_from_the_artists_costs_nothing(two_artists_in_basket):
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]

    go_to_preview(client, "pickup")
    place(client)

    order = Order.objects.get(user=buyer)
    assert (order.shipping_code, order.shipping_incl_tax) == ("pickup", Decimal("0.00"))
    assert order.status == "Pending payment"


def test_an_original_sold_while_the_buyer_checks_out_is_explained_and_nothing_is_ordered(two_artists_in_basket):
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]
    go_to_preview(client, "delivery")
    make_order(UserFactory(username="clara"), two_artists_in_basket["harbour"])
    addresses_before = ShippingAddress.objects.count()

    response = place(client)

    assert response.status_code == 302 and response.url == reverse("basket:summary")
    assert any("Harbour Blue" in str(message) for message in get_messages(response.wsgi_request))
    assert not Order.objects.filter(user=buyer).exists()
    assert ShippingAddress.objects.count() == addresses_before
    assert Basket.open.get(owner=buyer).num_items == 3, "the basket is the buyer's to change, as it was"


def test_the_lock_first_order_creator_refuses_a_sale_the_page_checks_missed(two_artists_in_basket, monkeypatch):
    """The window between Oscar's availability check and the order: our OrderCreator's message is shown."""
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]
    go_to_preview(client, "delivery")
    StockRecord.objects.filter(product=two_artists_in_basket["harbour"]).update(num_allocated=1)
    PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")
    monkeypatch.setattr(PaymentDetailsView, "check_basket_is_valid", lambda self, request: None)
    addresses_before = ShippingAddress.objects.count()

    response = place(client)

    assert response.status_code == 302 and response.url == reverse("basket:summary")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Sorry, “Harbour Blue” is no longer available." in messages
    assert not Order.objects.filter(user=buyer).exists()
    assert ShippingAddress.objects.count() == addresses_before, "no stray address"
    assert Basket.open.get(owner=buyer).num_items == 3


def test_pressing_place_order_twice_places_one_order_and_shows_it_both_times(two_artists_in_basket):
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]
    go_to_preview(client, "delivery")

    first, second = place(client), place(client)

    order = Order.objects.get(user=buyer)
    assert first.url == second.url == reverse("payments:pay", kwargs={"number": order.number})
    assert StockRecord.objects.get(product=two_artists_in_basket["harbour"]).num_allocated == 1
    payment_page = client.get(second.url)
    assert payment_page.status_code == 200 and order.number in payment_page.content.decode()


def test_the_same_basket_submitted_again_finds_the_first_order(two_artists_in_basket, monkeypatch):
    """Two requests that both loaded and checked the basket before either froze it: one order."""
    client, buyer = two_artists_in_basket["client"], two_artists_in_basket["buyer"]
    go_to_preview(client, "delivery")
    basket = Basket.open.get(owner=buyer)
    session_before = dict(client.session.items())
    place(client)
    # The second request loaded the session and basket, and passed the checks, before the first froze it.
    session = client.session
    session.update(session_before)
    session.save()
    basket.status = Basket.OPEN
    basket.save()
    PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")
    monkeypatch.setattr(PaymentDetailsView, "check_basket_is_valid", lambda self, request: None)

    response = place(client)

    assert Order.objects.filter(user=buyer).count() == 1
    assert response.url == reverse("payments:pay", kwargs={"number": Order.objects.get(user=buyer).number})
    assert ShippingAddress.objects.count() == 1
