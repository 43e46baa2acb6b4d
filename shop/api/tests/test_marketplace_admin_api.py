"""Admins over the API (API.md, section Marketplace): the marketplace's settings and payout batches.

Fixtures and helpers are shared with test_marketplace_api.py: orders paid over the API against
localstripe, lines delivered with `move_line`, the payout hold passed with time-machine.
"""

from decimal import Decimal

import pytest

from artiqo.testing import api_as
from shop.marketplace import ledger
from shop.marketplace.models import LedgerEntry, MarketplaceSettings, Payout, SettingsChange

from . import test_marketplace_api as shared
from .test_marketplace_api import columns_add_up, deliver, earnings, past_the_hold

# The shared fixtures, under the names pytest finds them by in this module too.
fresh_stripe_account, example_terms, paid, in_payout = (
    shared.fresh_stripe_account,
    shared.example_terms,
    shared.paid,
    shared.in_payout,
)

pytestmark = pytest.mark.django_db

# --- settings ----------------------------------------------------------------------------------


def test_an_admin_reads_and_changes_the_settings_on_the_record(example_terms, admin):
    client = api_as(admin)
    before = client.get("/api/v1/marketplace/settings/").json()
    changes_before = SettingsChange.objects.count()

    response = client.patch(
        "/api/v1/marketplace/settings/",
        {"default_fee_rate": "0.12", "minimum_payout": "50.00", "payout_hold_days": 7},
        format="json",
    )

    assert before["default_fee_rate"] == "0.1500" and before["currency"] == "GBP"
    assert response.status_code == 200, response.content
    assert response.json() == {
        **before,
        "default_fee_rate": "0.1200",
        "minimum_payout": "50.00",
        "payout_hold_days": 7,
        "changed_at": response.json()["changed_at"],
    }
    assert response.json()["changed_at"] is not None
    saved = MarketplaceSettings.load()
    assert (saved.default_fee_rate, saved.minimum_payout, saved.payout_hold_days) == (Decimal("0.12"), 50, 7)
    change = SettingsChange.objects.order_by("-pk").first()
    assert SettingsChange.objects.count() == changes_before + 1 and change.changed_by == admin
    assert change.changes == {
        "default_fee_rate": ["0.1500", "0.1200"],
        "minimum_payout": ["20.00", "50.00"],
        "payout_hold_days": ["14", "7"],
    }
    assert client.put("/api/v1/marketplace/settings/", before, format="json").status_code == 405


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"default_fee_rate": "15"}, "default_fee_rate", "A rate is a fraction: 0.15 means 15%."),
        ({"default_fee_rate": "1"}, "default_fee_rate", "A rate is a fraction: 0.15 means 15%."),
        ({"default_fee_rate": "-0.01"}, "default_fee_rate", "A rate is a fraction: 0.15 means 15%."),
        ({"default_fee_rate": "0.12345"}, "default_fee_rate", "decimal places"),
        ({"minimum_fee": "-1.00"}, "minimum_fee", "greater than or equal to 0"),
        ({"minimum_payout": "-0.01"}, "minimum_payout", "greater than or equal to 0"),
        ({"featuring_fee": "abc"}, "featuring_fee", "valid number"),
        ({"featuring_days": 0}, "featuring_days", "greater than or equal to 1"),
        ({"featuring_days": 91}, "featuring_days", "less than or equal to 90"),
        ({"payout_hold_days": 366}, "payout_hold_days", "less than or equal to 365"),
        ({"payout_hold_days": -1}, "payout_hold_days", "greater than or equal to 0"),
        ({"fee_rate": "0.1"}, "fee_rate", "Not a setting you can change"),
        ({"currency": "EUR", "minimum_fee": "1.00"}, "currency", "Not a setting you can change"),
    ],
)
def test_bad_settings_are_a_400_naming_the_field_and_nothing_changes(example_terms, admin, body, field, message):
    changes_before, terms_before = SettingsChange.objects.count(), MarketplaceSettings.load().snapshot()

    response = api_as(admin).patch("/api/v1/marketplace/settings/", body, format="json")

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert MarketplaceSettings.load().snapshot() == terms_before
    assert SettingsChange.objects.count() == changes_before


# --- payouts -----------------------------------------------------------------------------------


def test_a_payout_batch_pays_exactly_the_available_balances(paid, admin):
    maya, theo, order = paid["maya"], paid["theo"], paid["order"]
    deliver(order, maya)
    with past_the_hold():
        api_as(admin).patch("/api/v1/marketplace/settings/", {"minimum_payout": "200.00"}, format="json")
        deliver(order, theo)  # delivered now: still inside the hold
        client = api_as(admin)
        available_before = {artist.slug: ledger.balances_of(artist)["available"] for artist in (maya, theo)}

        response = client.post("/api/v1/payouts/")
        again = client.post("/api/v1/payouts/")

        assert response.status_code == 201, response.content
        assert available_before == {maya.slug: Decimal("841.00"), theo.slug: Decimal("0.00")}
        [payout] = response.json()
        assert payout["artist"] == {"id": maya.pk, "slug": maya.slug, "name": maya.display_name}
        assert (payout["amount"], payout["status"], payout["currency"]) == ("841.00", "processing", "GBP")
        assert payout["statement_reference"] == f"ARTIQO PAYOUT {payout['id']:06d}"
        assert (again.status_code, again.json()) == (201, []), "nothing is paid twice"
        statement = earnings(api_as(maya.user))
        assert (statement["available"], statement["in_payout"], statement["paid_out"]) == ("0.00", "841.00", "0.00")
        assert earnings(api_as(theo.user))["pending"] == "208.00"
        listed = client.get("/api/v1/payouts/").json()
        assert [row["id"] for row in listed["results"]] == [payout["id"]] and listed["count"] == 1


def test_an_admin_marks_a_payout_paid_and_it_cannot_fail_afterwards(in_payout, admin):
    maya, payout = in_payout["maya"], in_payout["payout"]
    client = api_as(admin)

    marked = client.patch(f"/api/v1/payouts/{payout['id']}/", {"status": "paid", "reference": "BACS-77"}, format="json")
    refused = client.patch(f"/api/v1/payouts/{payout['id']}/", {"status": "failed"}, format="json")

    assert marked.status_code == 200, marked.content
    assert (marked.json()["status"], marked.json()["reference"]) == ("paid", "BACS-77") and marked.json()["paid_at"]
    assert refused.status_code == 409 and "paid payout cannot become failed" in refused.json()["detail"]
    assert Payout.objects.get(pk=payout["id"]).status == Payout.PAID
    statement = earnings(api_as(maya.user))
    assert (statement["paid_out"], statement["in_payout"], statement["available"]) == ("841.00", "0.00", "0.00")
    assert client.get(f"/api/v1/payouts/{payout['id']}/").json() == marked.json()
    mine = api_as(maya.user).get("/api/v1/artist/payouts/").json()["results"]
    assert [(row["id"], row["status"], row["reference"]) for row in mine] == [(payout["id"], "paid", "BACS-77")]


def test_a_failed_payout_puts_the_money_back_and_cannot_be_paid_afterwards(in_payout, admin):
    maya, payout = in_payout["maya"], in_payout["payout"]
    client = api_as(admin)

    failed = client.patch(
        f"/api/v1/payouts/{payout['id']}/", {"status": "failed", "reason": "Account closed"}, format="json"
    )
    refused = client.patch(f"/api/v1/payouts/{payout['id']}/", {"status": "paid"}, format="json")

    assert failed.status_code == 200, failed.content
    assert (failed.json()["status"], failed.json()["failure_reason"]) == ("failed", "Account closed")
    assert refused.status_code == 409
    statement = earnings(api_as(maya.user))
    assert (statement["available"], statement["in_payout"], statement["paid_out"]) == ("841.00", "0.00", "0.00")
    assert columns_add_up(statement["entries"])
    [again] = api_as(admin).post("/api/v1/payouts/").json()
    assert (again["artist"]["slug"], again["amount"]) == (maya.slug, "841.00"), "the next batch pays it again"


@pytest.mark.parametrize(
    "body", [{"status": "processing"}, {"status": "lost"}, {}, {"status": "paid", "reference": "x" * 101}]
)
def test_a_payout_change_other_than_paid_or_failed_is_a_400(in_payout, admin, body):
    response = api_as(admin).patch(f"/api/v1/payouts/{in_payout['payout']['id']}/", body, format="json")

    assert response.status_code == 400
    assert Payout.objects.get(pk=in_payout["payout"]["id"]).status == Payout.PROCESSING


def test_an_unknown_payout_is_a_404(admin):
    client = api_as(admin)

    assert client.get("/api/v1/payouts/999/").status_code == 404
    assert client.patch("/api/v1/payouts/999/", {"status": "paid"}, format="json").status_code == 404


def test_admins_filter_payouts_by_status_and_artist(in_payout, admin):
    client = api_as(admin)
    maya, payout = in_payout["maya"], in_payout["payout"]

    def ids(query):
        response = client.get(f"/api/v1/payouts/{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("?status=processing") == [payout["id"]]
    assert ids("?status=paid") == []
    assert ids(f"?artist={maya.slug}") == [payout["id"]]
    assert ids(f"?artist={in_payout['theo'].slug}") == []
    assert ids(f"?batch={payout['batch']}") == [payout["id"]]
    assert client.get("/api/v1/payouts/?status=lost").status_code == 400


# --- the schema --------------------------------------------------------------------------------


def test_the_answers_have_the_shapes_the_schema_documents(in_payout, admin, client):
    schemas = client.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    maya = api_as(in_payout["maya"].user)

    statement = earnings(maya)
    payouts = maya.get("/api/v1/artist/payouts/").json()
    terms_now = api_as(admin).get("/api/v1/marketplace/settings/").json()

    assert set(statement) == set(schemas["Earnings"]["properties"])
    assert {frozenset(row) for row in statement["entries"]} == {frozenset(schemas["LedgerEntry"]["properties"])}
    assert set(payouts) == set(schemas["PaginatedPayoutList"]["properties"])
    assert set(payouts["results"][0]) == set(schemas["Payout"]["properties"])
    assert set(terms_now) == set(schemas["MarketplaceSettings"]["properties"])
    assert schemas["KindEnum"]["enum"] == [kind for kind, _ in LedgerEntry.KIND_CHOICES]
