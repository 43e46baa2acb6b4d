"""The admins' studio home (/cms/): the Marketplace dashboard, its period picker and its numbers.

Every number on it must be the figures module's (shop.marketplace.figures): the tests read the page
and compare with the figures for the same period, on data booked the way the shop books it.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from artists.tests.factories import make_artist
from shop.marketplace import figures
from shop.marketplace.models import LedgerEntry, PlatformRevenue
from shop.marketplace.studio.dashboard import change_words, choose_period
from shop.marketplace.studio.dashboard_charts import CHARTS, interval_for

Order = get_model("order", "Order")
FEE_RATE = Decimal("0.15")

pytestmark = pytest.mark.django_db

HOME = "/cms/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def tile_text(body: str, key: str) -> str:
    """The text of one headline tile (its <div id="headline-…"> up to the next tile)."""
    return body.split(f'id="headline-{key}"')[1].split("</div>")[0]


def chart_json(response) -> dict:
    body = response.content.decode()
    start = body.index('<script id="marketplace-dashboard-data" type="application/json">')
    payload = body[start:].split(">", 1)[1].split("</script>")[0]
    return json.loads(payload)


def book_orders(artist, count: int, *, start: int = 0, price: str = "100.00") -> None:
    """`count` paid orders of one artwork each, booked now as the payment signals book them (a sale and its
    15% fee), written in bulk: the query-count tests need hundreds, and the real checkout takes seconds each."""
    now, amount = timezone.now(), Decimal(price)
    orders = Order.objects.bulk_create(
        Order(number=f"Q{start + index:06d}", currency="GBP", total_incl_tax=amount, total_excl_tax=amount,
              status="Paid", date_placed=now)
        for index in range(count)
    )  # fmt: skip
    entries = []
    for order in orders:
        entries.append(LedgerEntry(artist=artist, kind=LedgerEntry.SALE, amount=amount, gross=amount, currency="GBP",
                                   source=f"bulk:{order.number}/sale", order=order))  # fmt: skip
        entries.append(LedgerEntry(artist=artist, kind=LedgerEntry.FEE, amount=-amount * FEE_RATE, gross=amount,
                                   currency="GBP", source=f"bulk:{order.number}/fee", order=order))  # fmt: skip
    LedgerEntry.objects.bulk_create(entries)


def book_revenue(artist, kind: str, amount: str, source: str) -> PlatformRevenue:
    return PlatformRevenue.objects.create(
        kind=kind, amount=Decimal(amount), currency="GBP", source=source, artist=artist, booked_at=timezone.now()
    )


# --- the home page ------------------------------------------------------------------------------


def test_the_admin_home_shows_the_headline_numbers_of_the_figures(paid_order, admin_user):
    book_revenue(paid_order["maya"], PlatformRevenue.SUBSCRIPTION, "9.00", "invoice:in_test")
    book_revenue(paid_order["theo"], PlatformRevenue.FEATURING, "5.00", "featuring:test")

    response = client_for(admin_user).get(HOME)

    assert response.status_code == 200
    numbers = figures.headline(figures.Period.last_days(30))
    assert numbers["gross_sales"] == Decimal("1220.00"), "Maya's £980 and two of Theo's £120, delivery aside"
    assert numbers["platform_revenue"]["total"] == Decimal("197.00"), "£183 fees, £9 subscription, £5 featuring"
    body = text_of(response)
    assert "£1,220.00" in tile_text(body, "gross_sales")
    assert "£197.00" in tile_text(body, "platform_revenue")
    assert "Fees £183.00, subscriptions £9.00, featuring £5.00" in tile_text(body, "platform_revenue")
    assert f'<dd class="dashboard-headline__value">{numbers["orders_paid"]}</dd>' in tile_text(body, "orders_paid")
    assert f"£{numbers['average_order_value']:,}" in tile_text(body, "average_order_value")
    for key in ("new_buyers", "new_artists"):
        assert f'data-value="{numbers[key]}"' in body.split(f'id="headline-{key}"')[1][:60]
    # Nothing was sold in the 30 days before: up from none, in words and an arrow (not colour alone).
    assert "▲</span> up from none in the previous period" in tile_text(body, "gross_sales")
    panels = [panel.name for panel in response.context["panels"]]
    assert "marketplace_dashboard" in panels
    assert panels.index("workflow_objects_to_moderate") < panels.index("marketplace_dashboard"), "review comes first"


def test_every_chart_has_a_canvas_a_table_and_a_csv_link(paid_order, admin_user):
    response = client_for(admin_user).get(HOME + "?period=7d")

    body = response.content.decode()
    data = chart_json(response)
    drawn = [name for name, spec in CHARTS.items() if spec.draw]
    assert [chart["name"] for chart in data["charts"]] == drawn
    for name in drawn:
        assert f'<canvas data-chart="{name}" role="img"' in body
        assert f'<details class="dashboard-chart__table" open data-chart-table="{name}">' in body
        assert f'href="/cms/marketplace/dashboard/{name}.csv?period=7d"' in body
    assert 'href="/cms/marketplace/dashboard/payouts-owed.csv?period=7d"' in body
    gross = next(chart for chart in data["charts"] if chart["name"] == "gross-sales")
    assert len(gross["labels"]) == 7 and sum(Decimal(v) for v in gross["datasets"][0]["values"]) == Decimal("1220.00")
    top = next(chart for chart in data["charts"] if chart["name"] == "top-artists")
    assert top["labels"] == ["Maya", "Theo"] and top["datasets"][0]["values"] == ["980.00", "240.00"]
    # The scripts are our own static files, deferred: no inline script runs the charts.
    assert 'src="/static/vendor/chartjs/chart.umd.min.js" defer' in body
    assert 'src="/static/js/studio/dashboard.js" defer' in body


def test_an_artist_home_does_not_show_the_marketplace_dashboard(paid_order):
    response = client_for(paid_order["maya"].user).get(HOME)

    assert response.status_code == 200
    body = response.content.decode()
    assert "marketplace-dashboard" not in body and "Gross sales" not in body
    assert "js/studio/dashboard.js" not in body
    assert "marketplace_dashboard" not in [panel.name for panel in response.context["panels"]]


# --- the period ---------------------------------------------------------------------------------

TODAY = date(2025, 3, 15)


@pytest.mark.parametrize(
    ("params", "start", "preset"),
    [
        ({"period": "7d"}, date(2025, 3, 9), "7d"),
        ({"period": "30d"}, date(2025, 2, 14), "30d"),
        ({"period": "90d"}, date(2024, 12, 16), "90d"),
        ({"period": "12m"}, date(2024, 4, 1), "12m"),
        ({}, date(2025, 2, 14), "30d"),
    ],
)
def test_a_preset_period_ends_today(params, start, preset):
    chosen = choose_period(params, today=TODAY)

    assert (chosen.period.start, chosen.period.end, chosen.preset, chosen.problem) == (start, TODAY, preset, "")


def test_a_custom_period_runs_from_to():
    chosen = choose_period({"period": "custom", "from": "2025-01-01", "to": "2025-01-31"}, today=TODAY)

    assert (chosen.period.start, chosen.period.end, chosen.preset) == (date(2025, 1, 1), date(2025, 1, 31), "custom")
    assert chosen.label == "1 Jan 2025 to 31 Jan 2025"
    assert chosen.query == {"period": "custom", "from": "2025-01-01", "to": "2025-01-31"}


@pytest.mark.parametrize(
    "params",
    [
        {"period": "garbage"},
        {"period": "custom"},
        {"from": "yesterday"},
        {"from": "2025-02-30"},
        {"from": "2025-03-10", "to": "2025-03-01"},
        {"from": "2015-01-01", "to": "2025-01-01"},
        {"from": "2026-01-01"},
        {"from": "0001-01-01", "to": "0001-01-05"},
        {"from": "2025-01-01", "to": "9999-12-31"},
    ],
)
def test_a_period_that_cannot_be_read_gives_the_default_and_says_why(params):
    chosen = choose_period(params, today=TODAY)

    assert (chosen.period.start, chosen.period.end, chosen.preset) == (date(2025, 2, 14), TODAY, "30d")
    assert chosen.problem.endswith("Showing the last 30 days instead.") and len(chosen.problem) > 40


def test_a_garbage_period_on_the_home_page_is_a_message_not_an_error(admin_user, site_pages):
    response = client_for(admin_user).get(HOME + "?period=custom&from=<script>&to=2025-01-01")

    assert response.status_code == 200
    body = response.content.decode()
    problem = body.split('id="dashboard-period-problem">')[1].split("</p>")[0]
    assert "'from' must be a day written YYYY-MM-DD" in problem.replace("&#x27;", "'")
    assert "Showing the last 30 days instead." in problem
    assert "<script>&" not in body
    assert '<option value="30d" selected>' in body


def test_days_up_to_90_days_and_months_beyond():
    assert interval_for(figures.Period.last_days(90, today=TODAY)) == "day"
    assert interval_for(figures.Period.last_days(91, today=TODAY)) == "month"
    assert interval_for(figures.Period.last_months(12, today=TODAY)) == "month"


def test_a_twelve_month_home_charts_months(paid_order, admin_user):
    data = chart_json(client_for(admin_user).get(HOME + "?period=12m"))

    gross = next(chart for chart in data["charts"] if chart["name"] == "gross-sales")
    assert len(gross["labels"]) == 12
    assert gross["labels"][-1] == timezone.localdate().strftime("%b %Y")


def test_the_change_reads_in_words_and_symbols():
    assert change_words(Decimal("12.5"), 9, 8)["words"] == "12.5% up on the previous period"
    assert change_words(Decimal("-3.0"), 97, 100) == {
        "direction": "down",
        "symbol": "▼",
        "words": "3.0% down on the previous period",
    }
    assert change_words(Decimal("0.0"), 5, 5)["words"] == "no change on the previous period"
    assert change_words(None, 0, 0)["words"] == "none in this or the previous period"
    assert change_words(None, Decimal("-80.00"), Decimal("0.00"))["symbol"] == "▼"


# --- queries ------------------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_queries_for_10_and_200_orders(admin_user, site_pages):
    artist = make_artist(username="maya")
    client = client_for(admin_user)
    book_orders(artist, 10, start=0)
    client.get(HOME)  # warm caches (site admin_user, content types)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(HOME).status_code == 200
    book_orders(artist, 190, start=10)
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(HOME)
    assert response.status_code == 200
    assert len(two_hundred) == len(ten), [query["sql"][:120] for query in two_hundred.captured_queries]
    assert figures.headline(figures.Period.last_days(30))["orders_paid"] == 200
    assert 'data-value="200"' in response.content.decode().split('id="headline-orders_paid"')[1][:60]
