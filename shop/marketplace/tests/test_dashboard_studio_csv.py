"""The Marketplace dashboard's CSV downloads: each chart's rows for the period, spreadsheet-safe, admins only."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from artists.tests.factories import make_artist
from shop.marketplace import figures
from shop.marketplace.models import PlatformRevenue
from shop.marketplace.studio.dashboard_charts import CHARTS

from .test_dashboard_studio import book_orders, book_revenue, client_for

pytestmark = pytest.mark.django_db


def csv_url(chart: str, query: str = "period=7d") -> str:
    return f"/cms/marketplace/dashboard/{chart}.csv?{query}"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_gross_sales_csv_has_a_row_per_day_with_the_figures_values(admin_user, site_pages):
    maya = make_artist(username="maya")
    book_orders(maya, 3, price="120.00")

    response = client_for(admin_user).get(csv_url("gross-sales"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert (
        f'filename="artiqo-gross-sales-{today - timedelta(days=6)}-to-{today}.csv"' in response["Content-Disposition"]
    )
    rows = rows_of(response)
    expected = figures.series("gross_sales", period=figures.Period.last_days(7), interval="day")
    assert rows[0] == ["period", "gross_sales", "currency"]
    assert rows[1:] == [[point["period"].isoformat(), str(point["value"]), "GBP"] for point in expected]
    assert rows[-1] == [today.isoformat(), "360.00", "GBP"]


def test_the_platform_revenue_csv_splits_sources_and_totals_them(admin_user, site_pages):
    maya = make_artist(username="maya")
    book_orders(maya, 2, price="100.00")  # £15 fee each
    book_revenue(maya, PlatformRevenue.SUBSCRIPTION, "9.00", "invoice:in_1")
    book_revenue(maya, PlatformRevenue.FEATURING, "5.00", "featuring:1")

    rows = rows_of(client_for(admin_user).get(csv_url("platform-revenue")))

    assert rows[0] == ["period", "fees", "subscriptions", "featuring", "platform_revenue", "currency"]
    assert rows[-1] == [timezone.localdate().isoformat(), "30.00", "9.00", "5.00", "44.00", "GBP"]
    assert len(rows) == 1 + 7


def test_a_twelve_month_csv_has_a_row_per_month(admin_user):
    rows = rows_of(client_for(admin_user).get(csv_url("orders", "period=12m")))

    assert rows[0] == ["period", "orders"] and len(rows) == 1 + 12
    assert rows[-1][0] == timezone.localdate().replace(day=1).isoformat()


def test_names_that_look_like_formulas_stay_text_and_numbers_stay_numbers(admin_user, site_pages):
    formula = make_artist(username="eve", display_name='=HYPERLINK("http://x","y")')
    plus = make_artist(username="pat", display_name="+44 Studio")
    book_orders(formula, 1, start=0, price="50.00")
    book_orders(plus, 1, start=1, price="40.00")

    rows = rows_of(client_for(admin_user).get(csv_url("top-artists")))

    assert rows == [
        ["artist", "gross", "orders", "currency"],
        ['\'=HYPERLINK("http://x","y")', "50.00", "1", "GBP"],
        ["'+44 Studio", "40.00", "1", "GBP"],
    ]


def test_a_refund_heavy_day_stays_a_negative_number(admin_user, site_pages):
    from shop.marketplace.models import LedgerEntry

    maya = make_artist(username="maya")
    LedgerEntry.objects.create(
        artist=maya, kind=LedgerEntry.REFUND, amount=Decimal("-80.00"), currency="GBP", source="refund:1"
    )

    rows = rows_of(client_for(admin_user).get(csv_url("gross-sales")))

    assert rows[-1] == [timezone.localdate().isoformat(), "-80.00", "GBP"]


def test_payouts_owed_and_plan_mix_come_as_csv_too(admin_user, site_pages):
    make_artist(username="maya")

    owed = rows_of(client_for(admin_user).get(csv_url("payouts-owed")))
    plans = rows_of(client_for(admin_user).get(csv_url("plan-mix")))

    numbers = figures.payouts_owed()
    assert owed == [
        ["available", "pending", "artists_owed", "currency"],
        [str(numbers["available"]), str(numbers["pending"]), str(numbers["artists_owed"]), "GBP"],
    ]
    assert plans[0] == ["plan", "artists"]
    assert [[row["name"], str(row["artists"])] for row in figures.plan_mix()] == plans[1:]
    assert sum(int(row[1]) for row in plans[1:]) == figures.total_artists() == 1


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_every_chart_downloads(admin_user, chart):
    response = client_for(admin_user).get(csv_url(chart, "period=custom&from=2025-01-01&to=2025-01-31"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "-2025-01-01-to-2025-01-31.csv" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("period=garbage", "Unknown period"),
        ("from=2025-02-30", "not a day of the calendar"),
        ("from=2025-03-10&to=2025-03-01", "ends before it starts"),
        ("from=2001-01-01&to=2025-01-01", "at most five years"),
        ("from=2025-01-01&to=9999-12-31", "at most five years"),
    ],
)
def test_a_period_that_cannot_be_read_is_a_400_saying_why(admin_user, query, why):
    response = client_for(admin_user).get(csv_url("gross-sales", query))

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert why in response.content.decode()


def test_an_unknown_chart_is_a_404(admin_user):
    assert client_for(admin_user).get(csv_url("secrets")).status_code == 404


def test_artists_buyers_and_strangers_get_no_csv(site_pages):
    from artiqo.users.tests.factories import UserFactory

    maya = make_artist(username="maya")
    book_orders(maya, 1)
    for user in (maya.user, UserFactory(username="bea")):
        response = client_for(user).get(csv_url("top-artists"))
        assert response.status_code in (302, 403), user
        assert "text/csv" not in response.get("Content-Type", "")
        assert b"Maya" not in response.content
    anonymous = Client().get(csv_url("top-artists"))
    assert anonymous.status_code == 302 and "/cms/login/" in anonymous["Location"]
