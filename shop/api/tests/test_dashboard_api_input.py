"""The admins' figures over the API: garbage asked for is a 400 saying why, and the cost does not grow with the data.

The query-count tests write orders, ledger entries and platform revenue in bulk, spread over the last
three weeks: what they measure is the number of queries per request, not how the rows were booked
(test_dashboard_api.py books its orders through checkout and payment).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.marketplace.models import LedgerEntry, PlatformRevenue

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
TODAY = timezone.localdate


# --- garbage in, a 400 out ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=garbage", "'from' must be a day written YYYY-MM-DD"),
        ("from=2025-02-30&to=2025-03-01", "'from' is not a day of the calendar"),
        ("from=2025-03-01&to=yesterday", "'to' must be a day written YYYY-MM-DD"),
        ("from=2025-03-10&to=2025-03-01", "The period ends before it starts"),
        ("from=2015-01-01&to=2024-12-31", "at most five years"),
        ("to=2025-01-01", "'from' must be a day"),
        ("period=forever", "Unknown period 'forever'"),
        (f"from={TODAY() + timedelta(days=1)}", "'from' is in the future"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/dashboard/", "/api/v1/dashboard/series/?metric=orders&"])
def test_a_period_that_cannot_be_used_is_a_400_saying_why(admin, path, query, message):
    separator = "" if path.endswith("&") else "?"

    response = api_as(admin).get(f"{path}{separator}{query}")

    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("", "metric", "required"),
        ("metric=revenue", "metric", '"revenue" is not a valid choice.'),
        ("metric=orders&interval=hour", "interval", '"hour" is not a valid choice.'),
        ("metric=orders&interval=day&from=2022-01-01", "interval", "Too many points: at most 731 days"),
    ],
)
def test_an_unknown_metric_or_interval_or_too_many_points_is_a_400(admin, query, field, message):
    response = api_as(admin).get(f"/api/v1/dashboard/series/?{query}")

    assert response.status_code == 400, response.content
    assert message in str(response.json()[field])


def test_five_years_fit_by_week_and_by_month_but_not_by_day(admin):
    start = TODAY() - timedelta(days=5 * 365)
    client = api_as(admin)

    by_week = client.get(f"/api/v1/dashboard/series/?metric=gross_sales&interval=week&from={start}")
    by_month = client.get(f"/api/v1/dashboard/series/?metric=gross_sales&interval=month&from={start}")
    by_day = client.get(f"/api/v1/dashboard/series/?metric=gross_sales&interval=day&from={start}")

    assert by_week.status_code == by_month.status_code == 200
    assert len(by_week.json()) in (261, 262) and len(by_month.json()) == 61
    assert by_week.json()[-1]["value"] == "0.00"
    assert by_day.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "from=0001-01-01&to=0001-01-31",
        "from=0001-01-01",
        f"from={TODAY()}&to=9999-12-31",
        "from=9999-12-31&to=9999-12-31",
        "from=0001-01-01&to=9999-12-31",
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/dashboard/?", "/api/v1/dashboard/series/?metric=fees&interval=month&"])
def test_days_at_the_ends_of_the_calendar_are_zeros_or_a_400_never_a_500(admin, path, query):
    response = api_as(admin).get(f"{path}{query}")

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["detail"]
    elif "dashboard/?" in path:
        assert (response.json()["gross_sales"], response.json()["orders_placed"]) == ("0.00", 0)
    else:
        assert {point["value"] for point in response.json()} == {"0.00"}


def test_an_empty_marketplace_has_all_time_from_today(admin):
    response = api_as(admin).get("/api/v1/dashboard/")

    assert response.status_code == 200
    assert response.json()["period"] == {"from": TODAY().isoformat(), "to": TODAY().isoformat()}


# --- the cost does not grow with the data --------------------------------------------------------


def book_history(orders: int, *, artist, buyer, batch: str) -> None:
    """`orders` paid orders over the last 21 days: each a £100 sale and its £15 fee; a subscription a day."""
    days = 21
    for back in range(days):
        at = timezone.now() - timedelta(days=back, hours=3)
        prefix = f"{batch}{back:02d}-"
        count = orders // days + (1 if back < orders % days else 0)
        with time_machine.travel(at, tick=False):  # the ledger's created_at is its booking time
            Order.objects.bulk_create(
                Order(
                    number=f"{prefix}{index}",
                    user=buyer,
                    currency="GBP",
                    total_incl_tax=Decimal("100.00"),
                    total_excl_tax=Decimal("100.00"),
                    shipping_incl_tax=Decimal("0.00"),
                    shipping_excl_tax=Decimal("0.00"),
                    status="Paid",
                    date_placed=at,
                )
                for index in range(count)
            )
            booked = [
                LedgerEntry(
                    artist=artist,
                    kind=kind,
                    amount=amount,
                    currency="GBP",
                    order=order,
                    source=f"{order.number}/{kind}",
                )
                for order in Order.objects.filter(number__startswith=prefix)
                for kind, amount in (("sale", Decimal("100.00")), ("fee", Decimal("-15.00")))
            ]
            LedgerEntry.objects.bulk_create(booked)
            PlatformRevenue.objects.create(
                kind="subscription", amount=Decimal("9.00"), currency="GBP", artist=artist, source=prefix, booked_at=at
            )


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


PATHS_TO_MEASURE = [
    "/api/v1/dashboard/",
    "/api/v1/dashboard/?period=30d",
    "/api/v1/dashboard/total-orders/",
    "/api/v1/dashboard/series/?metric=gross_sales&interval=day&period=30d",
    "/api/v1/dashboard/series/?metric=platform_revenue&interval=week&period=90d",
    "/api/v1/dashboard/series/?metric=orders&interval=month&period=12m",
]


def test_the_figures_cost_the_same_queries_for_10_orders_as_for_200(site_pages, admin):
    artist, buyer = make_artist(username="maya"), UserFactory(username="ben")
    client = api_as(admin)

    book_history(10, artist=artist, buyer=buyer, batch="A")
    few = {path: queries_for(client, path) for path in PATHS_TO_MEASURE}
    month_of_few = client.get("/api/v1/dashboard/?period=30d").json()
    book_history(190, artist=artist, buyer=buyer, batch="B")
    many = {path: queries_for(client, path) for path in PATHS_TO_MEASURE}
    month_of_many = client.get("/api/v1/dashboard/?period=30d").json()

    assert many == few
    # The data did grow: the same requests now sum 200 orders.
    assert (month_of_few["orders_paid"], month_of_few["gross_sales"]) == (10, "1000.00")
    assert (month_of_many["orders_paid"], month_of_many["gross_sales"]) == (200, "20000.00")
    assert month_of_many["platform_revenue"] == {
        "fees": "3000.00",
        "subscriptions": "378.00",
        "featuring": "0.00",
        "total": "3378.00",
    }
