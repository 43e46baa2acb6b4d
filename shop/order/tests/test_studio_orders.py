"""Orders in the studio (/cms/orders/) and on the buyer's account pages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from artiqo.users.tests.factories import UserFactory
from shop.order.fulfilment import change_order_status
from shop.order.tests.conftest import line_of

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

INDEX = "/cms/orders/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_artist_sees_only_their_own_lines_and_where_they_go(two_artist_order):
    order, maya = two_artist_order["order"], two_artist_order["maya"]
    order.user.email = "ben@example.com"
    order.user.save()
    order.shipping_address.phone_number = "+447700900123"
    order.shipping_address.save()

    response = client_for(maya.user).get(INDEX)

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Order {order.number}" in body
    assert "Harbour Blue" in body and "£980.00" in body
    assert "Ancoats Grid" not in body, "Theo's line is not Maya's business"
    assert "1 Quay St" in body and "BS1 4DJ" in body
    assert "ben@example.com" not in body and "7700900123" not in body
    assert order.total_incl_tax.to_eng_string() not in body, "no order totals"


def test_a_pickup_order_says_the_buyer_will_collect(two_artist_order):
    order = two_artist_order["order"]
    order.shipping_code, order.shipping_method = "pickup", "Collect from the artist"
    order.save()

    body = client_for(two_artist_order["theo"].user).get(INDEX).content.decode()

    assert "Buyer will collect" in body
    assert "1 Quay St" not in body


def test_buyers_and_pending_artists_are_kept_out(two_artist_order):
    buyer = two_artist_order["order"].user

    response = client_for(buyer).get(INDEX)

    assert response.status_code in (302, 403)
    assert b"Harbour Blue" not in response.content


def test_an_admin_sees_every_artists_lines(two_artist_order):
    admin = get_user_model().objects.create_superuser(email="root@example.com", password="x", username="root")

    body = client_for(admin).get(INDEX).content.decode()

    assert "Harbour Blue" in body and "Ancoats Grid" in body


def test_an_artist_marks_their_line_shipped_and_the_buyer_sees_the_tracking(two_artist_order):
    order, maya = two_artist_order["order"], two_artist_order["maya"]
    change_order_status(order=order, status="Paid", note="Payment received")
    line = line_of(order, maya)
    studio = client_for(maya.user)
    assert "Mark shipped" in studio.get(INDEX).content.decode()

    response = studio.post(
        reverse("studio_orders:ship", args=[line.pk]),
        {"tracking_code": "RM123456GB", "tracking_url": "https://track.example.com/RM123456GB"},
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.tracking_code) == ("shipped", "RM123456GB")
    assert "Mark delivered" in studio.get(INDEX).content.decode()
    buyer_page = client_for(order.user).get(reverse("customer:order", kwargs={"order_number": order.number}))
    body = buyer_page.content.decode()
    assert buyer_page.status_code == 200
    assert "RM123456GB" in body and "https://track.example.com/RM123456GB" in body
    assert "Payment received" in body, "the tracking history shows each change and its note"
    assert "Cancel order" not in body, "part of it has shipped"


def test_an_artist_cannot_move_another_artists_line(two_artist_order):
    order, maya, theo = two_artist_order["order"], two_artist_order["maya"], two_artist_order["theo"]
    change_order_status(order=order, status="Paid")

    response = client_for(theo.user).post(reverse("studio_orders:ship", args=[line_of(order, maya).pk]), {})

    assert response.status_code == 404
    assert line_of(order, maya).status == "pending"


def test_shipping_an_unpaid_order_is_refused_with_a_reason(two_artist_order):
    order, maya = two_artist_order["order"], two_artist_order["maya"]
    studio = client_for(maya.user)

    response = studio.post(reverse("studio_orders:ship", args=[line_of(order, maya).pk]), {})

    assert response.status_code == 302
    assert any("Pending payment cannot be shipped" in str(m) for m in get_messages(response.wsgi_request))
    assert line_of(order, maya).status == "pending"


def test_a_buyer_cannot_open_or_cancel_another_buyers_order(two_artist_order):
    order = two_artist_order["order"]
    clara = client_for(UserFactory(username="clara"))

    assert clara.get(reverse("customer:order", kwargs={"order_number": order.number})).status_code == 404
    assert clara.post(reverse("buyer_orders:cancel", args=[order.number])).status_code == 404
    order.refresh_from_db()
    assert order.status == "Pending payment"


def test_a_buyer_cancels_their_pending_order_and_the_artworks_go_back_on_sale(two_artist_order):
    order = two_artist_order["order"]
    buyer = client_for(order.user)
    detail_url = reverse("customer:order", kwargs={"order_number": order.number})
    page = buyer.get(detail_url).content.decode()
    assert "Pending payment" in page and "Cancel order" in page
    assert "Maya" in page and "Theo" in page, "each line names its artist"

    response = buyer.post(reverse("buyer_orders:cancel", args=[order.number]), follow=True)

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert StockRecord.objects.get(product=two_artist_order["harbour"]).num_allocated == 0
    assert StockRecord.objects.get(product=two_artist_order["grid"]).num_allocated == 0
    body = response.content.decode()
    assert f"Order {order.number} is cancelled" in body
    assert "Cancel order" not in body
    assert "Cancelled by the buyer" in body


def test_the_order_history_lists_each_order_with_its_status(two_artist_order):
    order = two_artist_order["order"]

    body = client_for(order.user).get(reverse("customer:order-list")).content.decode()

    assert order.number in body and "Pending payment" in body
