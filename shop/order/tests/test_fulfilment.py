"""Order and line statuses: the pipeline, per-artist lines, cancellation and expiry."""

from datetime import timedelta

import pytest
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from shop.order.fulfilment import (
    IllegalTransition,
    cancel_order,
    change_order_status,
    expire_unpaid_orders,
    move_line,
)
from shop.order.tests.conftest import line_of

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


def test_a_new_order_waits_for_payment_holding_its_stock(two_artist_order):
    order = two_artist_order["order"]

    assert order.status == "Pending payment"
    assert StockRecord.objects.get(product=two_artist_order["harbour"]).num_allocated == 1
    assert StockRecord.objects.get(product=two_artist_order["grid"]).num_allocated == 2


def test_each_artist_ships_their_own_line_and_the_order_follows(two_artist_order):
    order = two_artist_order["order"]
    change_order_status(order=order, status="Paid", note="Payment received")

    move_line(
        line=line_of(order, two_artist_order["maya"]),
        artist=two_artist_order["maya"],
        status="shipped",
        tracking_code="RM123",
    )
    order.refresh_from_db()
    assert order.status == "Paid", "one artist has not shipped yet"

    move_line(line=line_of(order, two_artist_order["theo"]), artist=two_artist_order["theo"], status="shipped")
    order.refresh_from_db()
    assert order.status == "Shipped"
    for artist in ("maya", "theo"):
        move_line(line=line_of(order, two_artist_order[artist]), artist=two_artist_order[artist], status="delivered")
    order.refresh_from_db()
    assert order.status == "Delivered"
    assert line_of(order, two_artist_order["maya"]).tracking_code == "RM123"
    harbour_stock = StockRecord.objects.get(product=two_artist_order["harbour"])
    assert (harbour_stock.num_in_stock, harbour_stock.num_allocated) == (0, 0), "shipping consumed the original"
    history = list(order.status_changes.order_by("pk").values_list("new_status", "note"))
    assert history == [
        ("Paid", "Payment received"),
        ("Shipped", "Every artwork has shipped"),
        ("Delivered", "Every artwork has been delivered"),
    ]


def test_an_artist_cannot_move_another_artists_line(two_artist_order):
    order = two_artist_order["order"]
    change_order_status(order=order, status="Paid")

    with pytest.raises(Line.DoesNotExist):
        move_line(line=line_of(order, two_artist_order["maya"]), artist=two_artist_order["theo"], status="shipped")
    assert line_of(order, two_artist_order["maya"]).status == "pending"


def test_nothing_ships_before_payment_and_lines_follow_the_pipeline(two_artist_order):
    order, maya = two_artist_order["order"], two_artist_order["maya"]

    with pytest.raises(IllegalTransition):
        move_line(line=line_of(order, maya), artist=maya, status="shipped")
    change_order_status(order=order, status="Paid")
    with pytest.raises(IllegalTransition):
        move_line(line=line_of(order, maya), artist=maya, status="delivered")


@pytest.mark.parametrize(("steps", "illegal"), [([], "Delivered"), (["Paid"], "Pending payment"), ([], "Shipped")])
def test_illegal_order_transitions_are_refused(two_artist_order, steps, illegal):
    order = two_artist_order["order"]
    for step in steps:
        change_order_status(order=order, status=step)

    with pytest.raises(IllegalTransition):
        change_order_status(order=order, status=illegal)


def test_cancelling_puts_the_stock_back_on_sale(two_artist_order, django_capture_on_commit_callbacks):
    order = two_artist_order["order"]

    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order)

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert set(order.lines.values_list("status", flat=True)) == {"cancelled"}
    assert StockRecord.objects.get(product=two_artist_order["harbour"]).num_allocated == 0
    assert StockRecord.objects.get(product=two_artist_order["grid"]).num_allocated == 0


def test_an_order_with_a_shipped_line_cannot_be_cancelled(two_artist_order):
    order, maya = two_artist_order["order"], two_artist_order["maya"]
    change_order_status(order=order, status="Paid")
    move_line(line=line_of(order, maya), artist=maya, status="shipped")

    with pytest.raises(IllegalTransition):
        cancel_order(order=order)
    order.refresh_from_db()
    assert order.status == "Paid"


def test_unpaid_orders_expire_and_release_their_stock(two_artist_order):
    order = two_artist_order["order"]
    from django.utils import timezone

    assert expire_unpaid_orders(now=timezone.now()) == []
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31)) == [order.number]

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert StockRecord.objects.get(product=two_artist_order["harbour"]).num_allocated == 0
    assert order.status_changes.get(new_status="Cancelled").note.startswith("Not paid in time")


def test_cancelling_from_the_staff_dashboard_also_releases_stock(two_artist_order, client):
    order = two_artist_order["order"]
    client.force_login(UserFactory(username="ada", is_staff=True, is_superuser=True))

    response = client.post(
        f"/dashboard/orders/{order.number}/", {"order_action": "change_order_status", "new_status": "Cancelled"}
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert StockRecord.objects.get(product=two_artist_order["harbour"]).num_allocated == 0
    illegal = client.post(
        f"/dashboard/orders/{order.number}/", {"order_action": "change_order_status", "new_status": "Paid"}
    )
    assert illegal.status_code == 302
    order.refresh_from_db()
    assert order.status == "Cancelled", "the pipeline refuses leaving Cancelled"
