"""The figures read a fixed number of queries whatever the data size: 10 orders or 1,000 cost the same."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.services import create_category
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import figures
from shop.marketplace.models import LedgerEntry, PlatformRevenue

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Line = get_model("order", "Line")

PERIOD = figures.Period(date(2025, 3, 1), date(2025, 5, 31))  # across the clocks going forward
# Sixty-seven days of the period, each with its share of the orders: more rows per day, not more days.
DAYS = [datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(days=day) for day in range(0, 92, 3)]


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def sellers(site_pages):
    prints = create_category(name="Prints")
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    return [(artist, make_artwork(artist, title=f"{artist} print", category=prints)) for artist in (maya, theo)]


def book_orders(sellers, count: int, offset: int = 0) -> None:
    """`count` paid orders of one line each, with their sale and fee entries, spread over the period (bulk inserts)."""
    buyer = UserFactory(username=f"bulk-buyer-{offset}")
    for index, day in enumerate(DAYS):
        share = range(index * count // len(DAYS), (index + 1) * count // len(DAYS))
        if not share:
            continue
        with time_machine.travel(day, tick=False):
            orders = Order.objects.bulk_create(
                Order(
                    number=f"Q{offset + n}",
                    user=buyer,
                    total_incl_tax=100,
                    total_excl_tax=100,
                    date_placed=day,
                    status="Paid",
                    currency="GBP",
                )
                for n in share
            )
            lines = Line.objects.bulk_create(
                Line(
                    order=order,
                    partner=sellers[n % 2][1].stockrecords.get().partner,
                    product=sellers[n % 2][1],
                    partner_sku="sku",
                    title="A print",
                    quantity=1,
                    line_price_incl_tax=100,
                    line_price_excl_tax=100,
                    line_price_before_discounts_incl_tax=100,
                    line_price_before_discounts_excl_tax=100,
                    num_allocated=1,
                )
                for n, order in enumerate(orders)
            )
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    artist=sellers[n % 2][0],
                    kind=kind,
                    amount=amount,
                    currency="GBP",
                    order=line.order,
                    line=line,
                    source=f"bulk:{line.order.number}/{kind}",
                )
                for n, line in enumerate(lines)
                for kind, amount in (("sale", Decimal("100.00")), ("fee", Decimal("-15.00")))
            )
            PlatformRevenue.objects.bulk_create(
                PlatformRevenue(
                    kind=kind,
                    amount=Decimal("5.00"),
                    currency="GBP",
                    source=f"bulk:{offset + n}/{kind}",
                    artist=sellers[0][0],
                    booked_at=day,
                )
                for n in share
                for kind in ("subscription", "featuring")
            )
            UserFactory.create_batch(len(share) // 10 + 1, date_joined=day)


def read_everything() -> dict:
    results = {
        "headline": figures.headline(PERIOD),
        "compare": figures.compare(PERIOD),
        "top_artists": figures.top_artists(PERIOD),
        "top_categories": figures.top_categories(PERIOD),
        "plan_mix": figures.plan_mix(),
        "payouts_owed": figures.payouts_owed(),
        "totals": [figures.total_users(), figures.total_artists(), figures.total_buyers(), figures.total_orders()],
    }
    for metric in figures.METRICS:
        for interval in figures.INTERVALS:
            results[f"{metric}/{interval}"] = figures.series(metric, period=PERIOD, interval=interval)
    return results


def queries_for_everything() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        results = read_everything()
    return len(queries), results


def test_ten_orders_and_a_thousand_read_the_same_number_of_queries(sellers):
    book_orders(sellers, 10)
    few, small = queries_for_everything()
    book_orders(sellers, 990, offset=10)
    many, large = queries_for_everything()

    assert many == few <= 60
    assert small["headline"]["orders_paid"] == 10 and large["headline"]["orders_paid"] == 1000
    assert large["headline"]["gross_sales"] == Decimal("100000.00")
    assert large["headline"]["platform_revenue"]["total"] == Decimal("25000.00")  # 15 + 5 + 5 per order
    assert sum(row["value"] for row in large["orders/week"]) == 1000
    assert sum(row["orders"] for row in large["top_artists"]) == 1000
    assert large["top_categories"][0]["gross"] == Decimal("100000.00")


def test_each_figure_is_a_handful_of_queries(sellers):
    book_orders(sellers, 10)
    for read, most in [
        (lambda: figures.headline(PERIOD), 5),
        (lambda: figures.compare(PERIOD), 10),
        (lambda: figures.series("gross_sales", period=PERIOD, interval="day"), 1),
        (lambda: figures.series("platform_revenue", period=PERIOD, interval="month"), 2),
        (lambda: figures.series("new_buyers", period=PERIOD, interval="week"), 1),
        (lambda: figures.top_artists(PERIOD), 1),
        (lambda: figures.top_categories(PERIOD), 1),
        (lambda: figures.plan_mix(), 3),
        (lambda: figures.payouts_owed(), 1),
    ]:
        with CaptureQueriesContext(connection) as queries:
            read()
        assert len(queries) <= most, [query["sql"] for query in queries]
