"""The admins' figures over the API (API.md, "Admin figures"): who may read them, and that they are the figures'.

The numbers are `shop.marketplace.figures`' (its own tests prove each definition); these tests prove the
API hands them over unchanged, counts a cancelled order as placed but not sold, leaves a hidden artwork
and a suspended artist's out of the live ones, and refuses garbage with a 400. Bad input and the query
counts are in test_dashboard_api_input.py.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from artiqo.testing import api_as
from artists.services import suspend_artist
from artists.tests.factories import make_artist
from shop.catalogue.services import hide_artwork
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import figures
from shop.order.fulfilment import cancel_order
from shop.order.tests.factories import make_order

from . import test_marketplace_api as shared
from .test_marketplace_api import pay

fresh_stripe_account = shared.fresh_stripe_account

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/dashboard/",
    "/api/v1/dashboard/total-users/",
    "/api/v1/dashboard/total-orders/",
    "/api/v1/dashboard/total-products/",
    "/api/v1/dashboard/series/?metric=gross_sales",
]


@pytest.fixture
def small_marketplace(two_artist_order, buyer, admin):
    """Ben's order paid (Maya's £980 original, two of Theo's £120 prints); Bea's order cancelled unpaid;
    a hidden artwork of Theo's; a suspended artist's artwork; Bea and Ada (staff) registered."""
    pay(two_artist_order["order"])
    maya, theo = two_artist_order["maya"], two_artist_order["theo"]
    quay = make_artwork(maya, title="Quay Study", price="45.50")
    cancelled = cancel_order(order=make_order(buyer, quay))
    hidden = hide_artwork(artwork=make_artwork(theo, title="Withdrawn", price="60.00"), reason="Not his work")
    sam = make_artist(username="sam")
    make_artwork(sam, title="Sam's Field", price="300.00")
    suspend_artist(artist=sam, reason="Unpaid fees")
    return {**two_artist_order, "quay": quay, "cancelled": cancelled, "hidden": hidden, "sam": sam}


def get(user, path):
    response = api_as(user).get(path)
    assert response.status_code == 200, response.content
    return response.json()


# --- who may read the figures ------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_only_admins_read_the_figures_others_are_refused(path, two_artist_order, buyer, admin):
    anonymous = APIClient().get(path)
    as_buyer = api_as(buyer).get(path)
    as_artist = api_as(two_artist_order["maya"].user).get(path)
    as_admin = api_as(admin).get(path)

    assert anonymous.status_code == 401, anonymous.content
    assert as_buyer.status_code == 403 and as_artist.status_code == 403
    assert as_buyer.json() == {"detail": "Only admins see the marketplace's figures."}
    assert as_admin.status_code == 200, as_admin.content


def test_an_admin_whose_staff_status_is_withdrawn_is_refused(admin):
    client = api_as(admin)
    admin.is_staff = False
    admin.save(update_fields=["is_staff"])

    assert client.get("/api/v1/dashboard/").status_code == 403


# --- the numbers are the figures' --------------------------------------------------------------


def test_the_dashboard_over_all_time_hands_over_the_figures(small_marketplace, admin):
    figures_now = get(admin, "/api/v1/dashboard/")

    period = figures.Period(timezone.localdate(small_marketplace["maya"].user.date_joined), timezone.localdate())
    headline = figures.headline(period)
    assert figures_now == {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "currency": "GBP",
        "total_users": figures.total_users(),
        "total_artists": figures.total_artists(),
        "total_buyers": figures.total_buyers(),
        "total_orders": figures.total_orders(),
        "total_products": figures.total_products(),
        "gross_sales": f"{headline['gross_sales']:.2f}",
        "platform_revenue": {name: f"{amount:.2f}" for name, amount in headline["platform_revenue"].items()},
        "orders_placed": headline["orders_placed"],
        "orders_paid": headline["orders_paid"],
        "average_order_value": f"{headline['average_order_value']:.2f}",
        "new_buyers": headline["new_buyers"],
        "new_artists": headline["new_artists"],
    }
    # Ben's paid order counts; Bea's cancelled one is placed but never sold.
    assert figures_now["gross_sales"] == "1220.00" and figures_now["orders_paid"] == 1
    assert figures_now["total_orders"] == figures_now["orders_placed"] == 2
    assert Decimal(figures_now["platform_revenue"]["fees"]) > 0
    # Maya's two and Theo's print are live; Theo's hidden one and the suspended Sam's are not.
    assert figures_now["total_products"] == 3
    # Maya and Theo (Sam is suspended); Bea and Ben buy; six active accounts, Ada (staff) and Sam included.
    assert (figures_now["total_artists"], figures_now["total_buyers"], figures_now["total_users"]) == (2, 2, 6)


def test_the_three_totals_agree_with_the_dashboard(small_marketplace, admin):
    dashboard = get(admin, "/api/v1/dashboard/")

    assert get(admin, "/api/v1/dashboard/total-users/") == {"total": dashboard["total_users"]}
    assert get(admin, "/api/v1/dashboard/total-orders/") == {"total": dashboard["total_orders"]} == {"total": 2}
    assert get(admin, "/api/v1/dashboard/total-products/") == {"total": dashboard["total_products"]} == {"total": 3}


def test_a_period_limits_the_sums_but_not_the_totals(small_marketplace, admin):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    before = get(admin, f"/api/v1/dashboard/?from={(today - timedelta(days=10)).isoformat()}&to={yesterday}")
    now = get(admin, f"/api/v1/dashboard/?from={today}&to={today}")

    assert before["period"] == {"from": (today - timedelta(days=10)).isoformat(), "to": yesterday.isoformat()}
    assert (before["gross_sales"], before["orders_placed"], before["orders_paid"]) == ("0.00", 0, 0)
    assert before["platform_revenue"] == {"fees": "0.00", "subscriptions": "0.00", "featuring": "0.00", "total": "0.00"}
    assert (now["gross_sales"], now["orders_placed"], now["orders_paid"]) == ("1220.00", 2, 1)
    assert before["total_orders"] == now["total_orders"] == 2
    assert now["gross_sales"] == f"{figures.headline(figures.Period(today, today))['gross_sales']:.2f}"


def test_a_preset_period_is_read_as_the_studio_reads_it(small_marketplace, admin):
    week = get(admin, "/api/v1/dashboard/?period=7d")

    assert week["period"] == {
        "from": (timezone.localdate() - timedelta(days=6)).isoformat(),
        "to": timezone.localdate().isoformat(),
    }
    assert week["gross_sales"] == "1220.00"


@pytest.mark.parametrize(
    ("metric", "interval"),
    [("gross_sales", "day"), ("orders", "week"), ("fees", "month"), ("new_users", "day"), ("platform_revenue", "week")],
)
def test_a_series_is_the_figures_series(small_marketplace, admin, metric, interval):
    today = timezone.localdate()
    start = today - timedelta(days=40)

    points = get(admin, f"/api/v1/dashboard/series/?metric={metric}&interval={interval}&from={start}&to={today}")

    expected = figures.series(metric, period=figures.Period(start, today), interval=interval)
    assert points == [
        {
            "period": point["period"].isoformat(),
            "value": point["value"] if isinstance(point["value"], int) else f"{point['value']:.2f}",
        }
        for point in expected
    ]
    assert len(points) > 1


def test_the_gross_sales_series_sums_to_the_dashboards_gross_sales(small_marketplace, admin):
    today = timezone.localdate()
    query = f"from={today - timedelta(days=29)}&to={today}"

    points = get(admin, f"/api/v1/dashboard/series/?metric=gross_sales&{query}")
    orders = get(admin, f"/api/v1/dashboard/series/?metric=orders&{query}")
    dashboard = get(admin, f"/api/v1/dashboard/?{query}")

    assert len(points) == 30 and points[-1]["period"] == today.isoformat()
    assert sum(Decimal(point["value"]) for point in points) == Decimal(dashboard["gross_sales"]) == Decimal("1220.00")
    assert sum(point["value"] for point in orders) == dashboard["orders_placed"] == 2


def test_a_series_without_a_period_covers_the_last_30_days_by_day(admin):
    points = get(admin, "/api/v1/dashboard/series/?metric=orders")

    assert len(points) == 30 and points[-1] == {"period": timezone.localdate().isoformat(), "value": 0}
