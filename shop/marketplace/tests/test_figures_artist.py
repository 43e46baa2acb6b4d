"""An artist's own figures for their studio home, on the hand-built history of figures_data.py (Maya's side)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artists.models import ArtistPage
from shop.marketplace.figures import artist_figures
from shop.marketplace.models import LedgerEntry

from .figures_data import at, build, utc

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 20)
D = Decimal


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def market(site_pages, default_terms, django_capture_on_commit_callbacks):
    return build(django_capture_on_commit_callbacks)


def test_maya_sees_this_months_sales_and_earnings_and_ninety_days_of_them(market):
    figures = artist_figures(market["maya"], today=TODAY)

    # Harbour 980 + Tide 300 + Foam 50, and Pebble's 150 sold on 5 June and refunded on 14 June.
    assert figures["month_sales"] == D("1330.00")
    # Less her 10% fees (98 + 30 + 5; Pebble's 15 was given back with the refund).
    assert figures["month_earnings"] == D("1197.00")
    assert figures["currency"] == "GBP"
    days = figures["series_90d"]
    assert len(days) == 90
    assert days[0]["period"] == TODAY - timedelta(days=89) and days[-1]["period"] == TODAY
    active = {row["period"]: (row["sales"], row["earnings"]) for row in days if row["sales"] or row["earnings"]}
    assert active == {
        date(2025, 6, 5): (D("150.00"), D("135.00")),
        date(2025, 6, 12): (D("980.00"), D("882.00")),
        date(2025, 6, 14): (D("-150.00"), D("-135.00")),
        date(2025, 6, 16): (D("300.00"), D("270.00")),  # 23:30 in London
        date(2025, 6, 17): (D("50.00"), D("45.00")),  # 00:30 in London, 23:30 the day before in UTC
    }


def test_last_months_sales_are_not_this_months(market):
    figures = artist_figures(market["maya"], today=date(2025, 7, 3))

    assert (figures["month_sales"], figures["month_earnings"]) == (D("0.00"), D("0.00"))
    assert sum(row["sales"] for row in figures["series_90d"]) == D("1330.00")


def test_lines_to_ship_are_paid_lines_not_yet_shipped_oldest_first(market):
    figures = artist_figures(market["maya"], today=TODAY)

    # Harbour (A, 12 June) and Foam (E, 17 June); not Tide (shipped), Shell (unpaid) nor Pebble (cancelled).
    assert figures["lines_to_ship_count"] == 2
    assert [
        (line["order_number"], line["artwork_title"], line["quantity"], line["days_waiting"])
        for line in figures["lines_to_ship"]
    ] == [
        (market["orders"]["A"].number, "Harbour Blue", 1, 8),
        (market["orders"]["E"].number, "Foam", 1, 3),
    ]
    assert figures["lines_to_ship"][0]["placed_at"] == utc(2025, 6, 12, 9)
    theo = artist_figures(market["theo"], today=TODAY)
    assert [line["artwork_title"] for line in theo["lines_to_ship"]] == ["Mill"]  # his line of A is delivered


def test_commissions_listings_credits_and_the_story_state(market):
    figures = artist_figures(market["maya"], today=TODAY)

    assert figures["commissions_awaiting"] == 1
    # On sale: Pebble (back after the refund) and Reef; the sold ones and Shell (held by order I) are not.
    assert (figures["listings_used"], figures["listing_limit"]) == (2, 100)
    assert figures["featured_credits_left"] == 1
    assert (figures["story_state"], figures["story_has_draft"]) == ("draft", True)
    assert artist_figures(market["ola"], today=TODAY)["listing_limit"] is None  # Gallery: unlimited
    assert artist_figures(market["theo"], today=TODAY)["featured_credits_left"] == 0


def test_the_story_state_follows_moderation(market):
    maya = market["maya"]
    page = ArtistPage.objects.get(artist=maya)
    page.get_workflow().start(page, maya.user)
    assert artist_figures(maya, today=TODAY)["story_state"] == "in moderation"

    page.current_workflow_state.cancel(user=maya.user)
    page.get_latest_revision().publish()
    assert (artist_figures(maya, today=TODAY)["story_state"], artist_figures(maya)["story_has_draft"]) == (
        "live",
        False,
    )

    page.refresh_from_db()
    page.intro = "New words for the moderators"
    page.save_revision(user=maya.user)
    assert artist_figures(maya, today=TODAY)["story_has_draft"] is True
    page.get_workflow().start(page, maya.user)
    assert artist_figures(maya, today=TODAY)["story_state"] == "changes awaiting moderation"


def test_an_artist_without_a_page_has_no_story_state(market):
    ArtistPage.objects.filter(artist=market["theo"]).delete()
    assert artist_figures(market["theo"], today=TODAY)["story_state"] is None


def test_the_artists_figures_take_the_same_queries_however_much_they_sold(market):
    maya = market["maya"]
    with CaptureQueriesContext(connection) as before:
        artist_figures(maya, today=TODAY)
    for day in range(1, 20):
        with at(utc(2025, 6, day, 12)):
            LedgerEntry.objects.bulk_create(
                LedgerEntry(artist=maya, kind="sale", amount=D("10.00"), currency="GBP", source=f"bulk:{day}:{n}")
                for n in range(50)
            )
    with CaptureQueriesContext(connection) as after:
        figures = artist_figures(maya, today=TODAY)
    assert figures["month_sales"] == D("1330.00") + 19 * 50 * D("10.00")
    assert len(after) == len(before) <= 12
