"""The marketplace's figures against a hand-built history (figures_data.py), every number worked out by hand.

The week is 10–16 June 2025 in London (BST); the previous week is 3–9 June. What happened:

| order | when (London)   | artworks (artist, rate)                    | then                                  |
| G     | 5 Jun 10:00     | Pebble £150 (Maya, 10%)                    | cancelled and refunded 14 Jun         |
| C     | 9 Jun 23:30     | Dusk £100 (Theo, 15%)                      | delivered                             |
| B     | 10 Jun 00:30    | Mill £200 (Theo)                           | paid, to ship                         |
| F     | 11 Jun 10:00    | Rain £80 (Theo)                            | cancelled and refunded 13 Jun         |
| A     | 12 Jun 10:00    | Harbour Blue £980 (Maya), 2 × Grid £120 (Theo) | Theo's line delivered; Grid hidden since |
| H     | 13 Jun 10:00    | Kiln £400 (Sam, 10%)                       | Sam suspended since                   |
| I     | 14 Jun 10:00    | Shell £60 (Maya)                           | awaiting payment                      |
| J     | 15 Jun 10:00    | Lark £90 (Theo)                            | never paid: expired                   |
| D     | 16 Jun 23:30    | Tide £300 (Maya)                           | shipped                               |
| E     | 17 Jun 00:30    | Foam £50 (Maya)                            | paid, to ship (after the week)        |
"""

from datetime import date
from decimal import Decimal

import pytest

from shop.marketplace import ledger
from shop.marketplace.figures import (
    Period,
    compare,
    headline,
    payouts_owed,
    plan_mix,
    series,
    top_artists,
    top_categories,
    total_artists,
    total_buyers,
    total_orders,
    total_products,
    total_users,
)

from .figures_data import build

# sqlite: CI runs these on SQLite too (local days are grouped in SQL per database).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

WEEK = Period(date(2025, 6, 10), date(2025, 6, 16))
D = Decimal


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def market(site_pages, default_terms, django_capture_on_commit_callbacks):
    return build(django_capture_on_commit_callbacks)


def values(rows) -> dict:
    return {row["period"]: row["value"] for row in rows}


# --- totals ---------------------------------------------------------------------------------------


def test_totals_count_people_orders_and_live_artworks_by_their_definitions(market):
    # Active accounts: six artists' (applicant and suspended included), four buyers, two staff; not the inactive one.
    assert total_users() == 12
    # Maya, Theo, Ola, Nia: not Sam (suspended) nor Pia (applicant).
    assert total_artists() == 4
    # Ben, Bea, Cal, Dot: no staff, no artist of any status, not the inactive account.
    assert total_buyers() == 4
    # Every order in every status: paid, shipped, delivered, cancelled, expired, awaiting payment.
    assert total_orders() == 10
    assert total_orders(WEEK) == 7  # B, F, A, H, I, J, D: not C (9 Jun 23:30) nor E (17 Jun 00:30)
    # Maya's six (sold ones stay live) and Theo's four: not the hidden Grid, Sam's Kiln, nor Nia's draft.
    assert total_products() == 10


# --- the headline and the change ------------------------------------------------------------------


def test_the_weeks_headline(market):
    assert headline(WEEK) == {
        # 200 (B) + 80 − 80 (F) + 980 + 240 (A) + 400 (H) + 300 (D) − 150 (G's refund); no delivery, no EUR
        "gross_sales": D("1970.00"),
        "platform_revenue": {
            # 30 (B) + 12 − 12 (F) + 98 + 36 (A) + 40 (H) + 30 (D) − 15 (G's fee given back)
            "fees": D("219.00"),
            "subscriptions": D("29.00"),  # 9 + 29 − 9 (refunded); not 17 June's 9
            "featuring": D("5.00"),  # 5 (10 June 00:30) + 5 − 5 (refunded); not the EUR 100
            "total": D("253.00"),
        },
        "orders_paid": 5,  # B, F, A, H, D: F counts although refunded since
        "orders_placed": 7,
        "new_buyers": 2,  # Ben, Cal (16 Jun 23:30); not Stu (staff), Pia/Nia (artists), Ina (inactive), Dot (17 Jun)
        "new_artists": 1,  # Nia; not Pia (not approved)
        "average_order_value": D("394.00"),
        "currency": "GBP",
    }


def test_the_previous_week_and_the_change_against_it(market):
    figures = compare(WEEK)

    assert figures["current"] == headline(WEEK)
    assert figures["previous"] == {
        "gross_sales": D("250.00"),  # C 100 + G 150 (refunded only in the week)
        "platform_revenue": {
            "fees": D("30.00"),
            "subscriptions": D("29.00"),
            "featuring": D("5.00"),
            "total": D("64.00"),
        },
        "orders_paid": 2,
        "orders_placed": 2,
        "new_buyers": 1,  # Bea
        "new_artists": 1,  # Ola, approved 9 June 23:30
        "average_order_value": D("125.00"),
        "currency": "GBP",
    }
    assert figures["change"] == {
        "gross_sales": D("688.0"),
        "platform_revenue": {"fees": D("630.0"), "subscriptions": D("0.0"), "featuring": D("0.0"), "total": D("295.3")},
        "orders_paid": D("150.0"),
        "orders_placed": D("250.0"),
        "new_buyers": D("100.0"),
        "new_artists": D("0.0"),
        "average_order_value": D("215.2"),
    }


def test_a_change_from_nothing_is_none_not_a_division_by_zero(market):
    figures = compare(Period(date(2025, 6, 5), date(2025, 6, 5)))  # G paid; the day before had nothing

    assert figures["previous"]["gross_sales"] == D("0.00")
    assert figures["change"]["gross_sales"] is None
    assert figures["change"]["platform_revenue"]["subscriptions"] is None
    assert compare(Period(date(2020, 1, 1), date(2020, 1, 7)))["change"]["orders_placed"] is None


# --- series ---------------------------------------------------------------------------------------


def test_daily_series_put_each_moment_on_its_london_day_and_fill_the_rest_with_zeros(market):
    days = [date(2025, 6, day) for day in range(10, 17)]

    def daily(metric):
        rows = series(metric, period=WEEK, interval="day")
        assert [row["period"] for row in rows] == days
        return [row["value"] for row in rows]

    assert daily("gross_sales") == [D(n) for n in ("200", "80", "1220", "320", "-150", "0", "300")]
    assert daily("fees") == [D(n) for n in ("30", "12", "134", "28", "-15", "0", "30")]
    assert daily("subscriptions") == [D(n) for n in ("0", "9", "0", "29", "0", "0", "-9")]
    assert daily("featuring") == [D(n) for n in ("5", "0", "0", "0", "0", "0", "0")]
    assert daily("platform_revenue") == [D(n) for n in ("35", "21", "134", "57", "-15", "0", "21")]
    assert daily("orders") == [1, 1, 1, 1, 1, 1, 1]
    assert daily("new_users") == [0, 1, 2, 0, 1, 0, 1]  # Ben; Stu and Pia; Nia; Cal
    assert daily("new_buyers") == [0, 1, 0, 0, 0, 0, 1]
    assert daily("new_artists") == [0, 0, 0, 0, 1, 0, 0]
    assert all(isinstance(value, Decimal) for value in daily("gross_sales"))
    assert all(type(value) is int for value in daily("orders"))


def test_series_sum_to_the_headline(market):
    figures = headline(WEEK)
    for metric, expected in [
        ("gross_sales", figures["gross_sales"]),
        ("fees", figures["platform_revenue"]["fees"]),
        ("platform_revenue", figures["platform_revenue"]["total"]),
        ("orders", figures["orders_placed"]),
        ("new_buyers", figures["new_buyers"]),
        ("new_artists", figures["new_artists"]),
    ]:
        for interval in ("day", "week", "month"):
            assert sum(values(series(metric, period=WEEK, interval=interval)).values()) == expected, (metric, interval)


def test_weekly_buckets_start_on_monday_and_monthly_on_the_first(market):
    # The week runs Tuesday 10 June to Monday 16 June: the tail of one week and the first day of the next.
    assert series("gross_sales", period=WEEK, interval="week") == [
        {"period": date(2025, 6, 9), "value": D("1670.00")},
        {"period": date(2025, 6, 16), "value": D("300.00")},
    ]
    spring = Period(date(2025, 4, 15), date(2025, 7, 31))
    assert series("gross_sales", period=spring, interval="month") == [
        {"period": date(2025, 4, 1), "value": D("0.00")},
        {"period": date(2025, 5, 1), "value": D("0.00")},
        {"period": date(2025, 6, 1), "value": D("2270.00")},  # 250 + 1970 + E's 50
        {"period": date(2025, 7, 1), "value": D("0.00")},
    ]
    assert series("orders", period=spring, interval="month")[2] == {"period": date(2025, 6, 1), "value": 10}


# --- rankings, plans, payouts ---------------------------------------------------------------------


def test_top_artists_by_gross_sales_with_a_suspended_artists_sales(market):
    rows = top_artists(WEEK)

    assert [(row["artist"], row["gross"], row["orders"], row["status"]) for row in rows] == [
        ("Maya", D("1130.00"), 2, "approved"),  # 980 + 300 − 150 (G's refund); A and D
        ("Theo", D("440.00"), 3, "approved"),  # 240 + 200 + 80 − 80; A, B, F (the EUR sale is not ours)
        ("Sam", D("400.00"), 1, "suspended"),
    ]
    assert rows[0]["artist_id"] == market["maya"].pk and rows[0]["slug"] == market["maya"].slug
    assert [row["artist"] for row in top_artists(WEEK, limit=1)] == ["Maya"]
    assert top_artists(Period(date(2020, 1, 1), date(2020, 1, 31))) == []


def test_top_categories_by_the_artworks_main_category(market):
    rows = top_categories(WEEK)

    assert [(row["category"], row["gross"], row["orders"]) for row in rows] == [
        ("Painting", D("1230.00"), 2),  # Harbour 980 + Kiln 400 − Pebble 150; A, H
        ("Prints", D("740.00"), 4),  # Grid 240 (hidden since) + Mill 200 + Tide 300 + Rain 80 − 80; A, B, D, F
    ]
    assert rows[0]["category_id"] == market["painting"].pk and rows[1]["slug"] == "prints"


def test_plan_mix_counts_approved_artists_on_the_plan_they_are_on_now(market):
    mix = plan_mix()

    assert [(row["code"], row["artists"], row["is_default"]) for row in mix] == [
        ("starter", 2, True),  # Theo (no subscription) and Nia (canceled)
        ("studio", 1, False),  # Maya; not Sam (suspended)
        ("gallery", 1, False),  # Ola
    ]
    assert sum(row["artists"] for row in mix) == total_artists()
    assert mix[1]["monthly_price"] == D("9.00") and mix[1]["name"] == "Studio"


def test_payouts_owed_are_the_ledgers_balances(market):
    owed = payouts_owed()

    balances = [ledger.balances_of(market[name]) for name in ("maya", "theo", "sam", "ola", "nia")]
    assert owed["available"] == sum((b["available"] for b in balances if b["available"] > 0), D("0.00"))
    assert owed["pending"] == sum((b["pending"] for b in balances), D("0.00"))
    assert owed["in_payout"] == D("0.00")
    # Theo's delivered lines (C, and his line of A) are past the hold; everything else waits for delivery.
    assert owed["artists_owed"] == 1
    theo = ledger.balances_of(market["theo"])
    assert owed["available"] == theo["available"] > D("100.00") + D("240.00") - D("15.00") - D("36.00") - D("0.01")
    assert owed["pending"] == D("1330.00") - D("98.00") - D("30.00") - D("5.00") + D("200.00") - D("30.00") + D(
        "400.00"
    ) - D("40.00") + sum(
        (e.amount for e in ledger.entries_in().filter(is_shipping=True, line__delivered_at__isnull=True)), D("0")
    )
    assert owed["currency"] == "GBP"
