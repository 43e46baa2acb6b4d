"""The artists' money over the API (API.md, section Marketplace): earnings, and who may read whose money.

The admins' side (settings, payout batches) is in test_marketplace_admin_api.py, which shares these fixtures.

Orders are paid over the API against localstripe, so the ledger is booked by the payment signals as
in production; lines are delivered through the artists' `move_line`, and the payout hold is passed
with time-machine.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from artiqo.testing import api_as
from shop.marketplace import ledger, terms
from shop.marketplace.models import LedgerEntry, MarketplaceSettings, Payout
from shop.order.fulfilment import cancel_order, move_line

pytestmark = pytest.mark.django_db

HOLD_DAYS = 14


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    """Payment ids restart with each test's database, and so do Stripe's idempotency keys: forget them."""
    localstripe.forget_everything()


@pytest.fixture
def example_terms(admin):
    """15% with a £40 minimum, so the minimum bites on Theo's £240 line (15% is £36) but not on Maya's £980."""
    return terms.update_settings(
        user=admin,
        default_fee_rate=Decimal("0.15"),
        minimum_fee=Decimal("40.00"),
        payout_hold_days=HOLD_DAYS,
        minimum_payout=Decimal("20.00"),
    )


def pay(order, key="k1"):
    """The buyer pays over the API, as shop/payment/tests/conftest.py's `pay` does."""
    response = api_as(order.user).post(
        f"/api/v1/orders/{order.number}/payments/",
        {"payment_method": "pm_card_visa"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "completed", response.json()


@pytest.fixture
def paid(two_artist_order, example_terms):
    """Ben's order paid: Maya's £980 original, two of Theo's £120 prints, £8 delivery for each artist."""
    pay(two_artist_order["order"])
    return two_artist_order


@pytest.fixture
def in_payout(two_artist_order, example_terms, admin):
    """The order paid, Maya's line delivered more than the hold ago (Theo's not yet), her money in a batch."""
    order = two_artist_order["order"]
    with time_machine.travel(timezone.now() - timedelta(days=HOLD_DAYS + 2), tick=True):
        pay(order)
    with time_machine.travel(timezone.now() - timedelta(days=HOLD_DAYS + 1), tick=True):
        deliver(order, two_artist_order["maya"])
    [payout] = api_as(admin).post("/api/v1/payouts/").json()
    return {**two_artist_order, "payout": payout}


def deliver(order, artist):
    line = order.lines.get(partner__artist=artist)
    move_line(line=line, artist=artist, status="shipped")
    move_line(line=line, artist=artist, status="delivered")


def past_the_hold():
    return time_machine.travel(timezone.now() + timedelta(days=HOLD_DAYS + 1), tick=True)


def earnings(client, query=""):
    response = client.get(f"/api/v1/artist/earnings/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def columns_add_up(entries) -> bool:
    gross, fee, net = (
        sum((Decimal(entry[column]) for entry in entries), Decimal("0")) for column in ("gross", "fee", "net")
    )
    return gross - fee == net


# --- earnings ----------------------------------------------------------------------------------


def test_after_a_paid_two_artist_order_each_artist_sees_their_pending_sale_fee_and_delivery(paid):
    maya, theo, order = paid["maya"], paid["theo"], paid["order"]

    mine = earnings(api_as(maya.user))
    theirs = earnings(api_as(theo.user))

    # Maya: £980 − 15% (£147) + £8 delivery; Theo: £240 − the £40 minimum + £8 delivery; nothing delivered yet.
    assert (mine["currency"], mine["pending"], mine["available"], mine["paid_out"]) == ("GBP", "841.00", "0.00", "0.00")
    assert (theirs["pending"], theirs["available"], theirs["in_payout"]) == ("208.00", "0.00", "0.00")
    assert mine["count"] == 3 and mine["next"] is None and mine["previous"] is None
    rows = {(row["kind"], row["artwork"] is None): row for row in mine["entries"]}
    assert rows[("sale", False)] == {
        "id": rows[("sale", False)]["id"],
        "at": rows[("sale", False)]["at"],
        "kind": "sale",
        "order": order.number,
        "artwork": {"id": paid["harbour"].pk, "title": "Harbour Blue"},
        "description": "1 × Harbour Blue",
        "gross": "980.00",
        "fee": "0.00",
        "net": "980.00",
        "fee_rate": "0.1500",
        "currency": "GBP",
    }
    fee_row = rows[("fee", False)]
    assert (fee_row["gross"], fee_row["fee"], fee_row["net"], fee_row["fee_rate"]) == (
        "0.00",
        "147.00",
        "-147.00",
        "0.1500",
    )
    assert fee_row["artwork"]["id"] == paid["harbour"].pk and fee_row["order"] == order.number
    delivery = rows[("sale", True)]
    assert (delivery["gross"], delivery["fee"], delivery["net"], delivery["fee_rate"]) == ("8.00", "0.00", "8.00", None)
    theo_fee = next(row for row in theirs["entries"] if row["kind"] == "fee")
    assert (theo_fee["fee"], theo_fee["artwork"]["title"]) == ("40.00", "Ancoats Grid"), "the minimum fee bites"
    for statement in (mine, theirs):
        assert columns_add_up(statement["entries"])
        assert sum(Decimal(row["net"]) for row in statement["entries"]) == Decimal(statement["pending"])
    assert {row["id"] for row in mine["entries"]} == set(
        LedgerEntry.objects.filter(artist=maya).values_list("pk", flat=True)
    )


def test_a_refunded_order_shows_its_reversals_and_every_column_still_adds_up(paid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the refund runs after the cancel commits
        cancel_order(order=paid["order"], note="Cancelled by Artiqo")

    statement = earnings(api_as(paid["maya"].user))

    assert statement["count"] == 6 and statement["pending"] == statement["available"] == "0.00"
    by_kind = {(row["kind"], row["artwork"] is None): row for row in statement["entries"]}
    refund, fee_back = by_kind[("refund", False)], by_kind[("fee_reversal", False)]
    assert (refund["gross"], refund["fee"], refund["net"]) == ("-980.00", "0.00", "-980.00")
    assert (fee_back["gross"], fee_back["fee"], fee_back["net"]) == ("0.00", "-147.00", "147.00")
    assert columns_add_up(statement["entries"])
    assert sum(Decimal(row["net"]) for row in statement["entries"]) == 0


def test_payouts_and_adjustments_keep_gross_minus_fee_equal_to_net(paid, admin):
    maya = paid["maya"]
    deliver(paid["order"], maya)
    with past_the_hold():
        api_as(admin).post("/api/v1/payouts/")
        ledger.adjust(artist=maya, amount=Decimal("5.25"), reason="Frame reimbursed", user=admin)
        statement = earnings(api_as(maya.user))

    kinds = {row["kind"] for row in statement["entries"]}
    assert {"payout", "adjustment"} <= kinds
    payout_row = next(row for row in statement["entries"] if row["kind"] == "payout")
    assert (payout_row["fee"], payout_row["net"], payout_row["artwork"], payout_row["order"]) == (
        "0.00",
        "-841.00",
        None,
        None,
    )
    assert columns_add_up(statement["entries"])
    assert (statement["available"], statement["in_payout"]) == ("5.25", "841.00")


def test_earnings_are_paged_newest_first_with_page_size_capped_at_100(paid, admin):
    maya = paid["maya"]
    for number in range(102):
        ledger.adjust(artist=maya, amount=Decimal("1.00"), reason=f"Correction {number}", user=admin)
    client = api_as(maya.user)

    first = earnings(client)
    second = earnings(client, "?page=2&page_size=10")
    everything = earnings(client, "?page_size=1000")

    newest_first = list(
        LedgerEntry.objects.filter(artist=maya).order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    assert first["count"] == 105 and len(first["entries"]) == 20 and first["next"].endswith("page=2")
    assert [row["id"] for row in second["entries"]] == newest_first[10:20]
    assert len(everything["entries"]) == 100, "capped at 100, not refused"
    assert everything["available"] == "102.00", "balances are over the whole ledger, not the page"
    assert client.get("/api/v1/artist/earnings/?page=99").status_code == 404


def test_the_earnings_page_costs_the_same_queries_for_3_or_30_entries(two_artist_order):
    maya, order = two_artist_order["maya"], two_artist_order["order"]
    lines = list(order.lines.order_by("pk"))
    client = api_as(maya.user)

    def book(count):
        for number in range(LedgerEntry.objects.count(), LedgerEntry.objects.count() + count):
            line = lines[number % len(lines)]
            LedgerEntry.objects.create(
                artist=maya,
                kind=(LedgerEntry.SALE, LedgerEntry.FEE)[number % 2],
                amount=Decimal("10.00") if number % 2 == 0 else Decimal("-1.50"),
                currency="GBP",
                source=f"test:{number}",
                order=order,
                line=line,
                gross=Decimal("10.00"),
                fee_rate=Decimal("0.15"),
            )

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            statement = earnings(client, "?page_size=100")
        return len(queries.captured_queries), statement

    book(3)
    queries_for_page()  # the first request fills per-process caches; count the second
    few, statement = queries_for_page()
    assert len(statement["entries"]) == 3 and statement["entries"][0]["order"] == order.number
    book(27)
    many, statement = queries_for_page()

    assert len(statement["entries"]) == 30 and all(row["artwork"] for row in statement["entries"])
    assert many == few


# --- who may read whose money ------------------------------------------------------------------


def test_an_artist_cannot_read_another_artists_earnings_or_payouts(paid, admin):
    maya, theo = paid["maya"], paid["theo"]
    deliver(paid["order"], theo)
    with past_the_hold():
        theos_payout = api_as(admin).post("/api/v1/payouts/").json()[0]
        as_maya = api_as(maya.user)

        assert theos_payout["artist"]["slug"] == theo.slug
        assert as_maya.get(f"/api/v1/artist/earnings/?artist={theo.slug}").status_code == 404
        assert as_maya.get(f"/api/v1/artist/payouts/?artist={theo.slug}").status_code == 404
        assert as_maya.get(f"/api/v1/artist/payouts/{theos_payout['id']}/").status_code == 404
        assert as_maya.get("/api/v1/artist/earnings/?artist=nobody").status_code == 404
        assert earnings(as_maya, f"?artist={maya.slug}")["pending"] == "841.00", "their own slug works"
        assert as_maya.get("/api/v1/artist/payouts/").json()["results"] == []
        mine = api_as(theo.user).get(f"/api/v1/artist/payouts/{theos_payout['id']}/")
        assert mine.status_code == 200 and mine.json()["amount"] == "208.00"


def test_an_admin_reads_an_artist_by_slug_and_must_name_one(paid, admin):
    client = api_as(admin)

    without = client.get("/api/v1/artist/earnings/")
    theo = earnings(client, f"?artist={paid['theo'].slug}")

    assert without.status_code == 400 and "?artist=" in without.json()["artist"][0]
    assert client.get("/api/v1/artist/payouts/").status_code == 400
    assert theo["pending"] == "208.00"
    assert client.get("/api/v1/artist/earnings/?artist=nobody").status_code == 404


ARTIST_PATHS = ["/api/v1/artist/earnings/", "/api/v1/artist/payouts/", "/api/v1/artist/payouts/1/"]
ADMIN_PATHS = ["/api/v1/marketplace/settings/", "/api/v1/payouts/", "/api/v1/payouts/1/"]


@pytest.mark.parametrize("path", ARTIST_PATHS + ADMIN_PATHS)
def test_buyers_get_403_and_strangers_401(paid, buyer, path):
    refused = api_as(buyer).get(path)
    anonymous = APIClient().get(path)

    assert refused.status_code == 403 and refused.json()["detail"]
    assert anonymous.status_code == 401 and anonymous.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/marketplace/settings/", None),
        ("patch", "/api/v1/marketplace/settings/", {"default_fee_rate": "0.01"}),
        ("get", "/api/v1/payouts/", None),
        ("post", "/api/v1/payouts/", None),
        ("patch", "/api/v1/payouts/1/", {"status": "paid"}),
    ],
)
def test_artists_cannot_use_the_admins_endpoints(paid, method, path, body):
    response = getattr(api_as(paid["maya"].user), method)(path, body, format="json")

    assert response.status_code == 403
    assert MarketplaceSettings.load().default_fee_rate == Decimal("0.15")
    assert not Payout.objects.exists()
