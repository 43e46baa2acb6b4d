"""Payout batches: each artist owed at least the minimum is paid their available balance, once.

`matured_order` leaves Maya £841 available (980 − 147 fee + £8 delivery) and Theo £212 (240 − 36 + 8).
"""

import csv
import io
from decimal import Decimal

import pytest

from artists.services import approve_artist, suspend_artist
from shop.marketplace import ledger, terms
from shop.marketplace.models import LedgerEntry, Payout, PayoutBatch
from shop.marketplace.payouts import IllegalPayoutChange, batch_csv, mark_payout, run_payout_batch
from shop.order.tests.factories import make_order

from .conftest import deliver, line_of, pay

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")


def available(artist) -> Decimal:
    return ledger.balances_of(artist)["available"]


def paid_in(batch) -> dict:
    return {payout.artist.user.username: payout.amount for payout in batch.payouts.select_related("artist__user")}


def test_a_batch_pays_each_artist_exactly_their_available_balance(matured_order, admin):
    maya, theo = matured_order["maya"], matured_order["theo"]
    # More of Theo's prints sold but not yet delivered: pending, so not paid.
    pay(make_order(matured_order["order"].user, (matured_order["grid"], 1)), key="k2")
    owed = {"maya": available(maya), "theo": available(theo)}
    assert owed == {"maya": Decimal("841.00"), "theo": Decimal("212.00")}
    pending = {artist.pk: ledger.balances_of(artist)["pending"] for artist in (maya, theo)}

    batch = run_payout_batch(user=admin)

    assert paid_in(batch) == owed
    assert (batch.provider, batch.currency, batch.created_by) == ("manual", "GBP", admin)
    for payout in batch.payouts.all():
        assert payout.status == Payout.PROCESSING
        entry = LedgerEntry.objects.get(payout=payout)
        assert (entry.kind, entry.amount, entry.artist_id) == ("payout", -payout.amount, payout.artist_id)
        balances = ledger.balances_of(payout.artist)
        assert (balances["available"], balances["in_payout"], balances["paid_out"]) == (ZERO, payout.amount, ZERO)
        assert balances["pending"] == pending[payout.artist_id]
    assert ledger.balances_of(theo)["pending"] == Decimal("110.00")  # 120 − 18 + 8, still waiting


def test_running_the_batch_again_pays_nothing(matured_order, admin):
    run_payout_batch(user=admin)

    assert run_payout_batch(user=admin) is None
    assert PayoutBatch.objects.count() == 1 and Payout.objects.count() == 2


def test_with_nobody_owed_no_batch_is_written(paid_order, admin):
    assert run_payout_batch(user=admin) is None  # everything still pending

    assert not PayoutBatch.objects.exists() and not LedgerEntry.objects.filter(kind="payout").exists()


@pytest.mark.parametrize(("minimum", "theo_paid"), [("212.00", True), ("212.01", False)])
def test_artists_below_the_minimum_payout_wait_for_a_later_batch(matured_order, admin, minimum, theo_paid):
    terms.update_settings(user=admin, minimum_payout=Decimal(minimum))

    batch = run_payout_batch(user=admin)

    assert paid_in(batch) == {"maya": Decimal("841.00"), **({"theo": Decimal("212.00")} if theo_paid else {})}
    assert available(matured_order["theo"]) == (ZERO if theo_paid else Decimal("212.00"))


def test_a_suspended_artists_money_waits_until_they_are_reinstated(matured_order, admin):
    theo = suspend_artist(artist=matured_order["theo"], reason="Under review")

    assert paid_in(run_payout_batch(user=admin)) == {"maya": Decimal("841.00")}
    assert available(theo) == Decimal("212.00")

    approve_artist(artist=theo)
    assert paid_in(run_payout_batch(user=admin)) == {"theo": Decimal("212.00")}


def test_money_maturing_after_a_batch_is_paid_in_the_next(matured_order, admin):
    maya = matured_order["maya"]
    run_payout_batch(user=admin)
    terms.update_settings(user=admin, payout_hold_days=0)
    order = make_order(matured_order["order"].user, (matured_order["grid"], 1))
    pay(order, key="k2")
    deliver(line_of(order, matured_order["theo"]))  # payable at once: no hold now

    assert paid_in(run_payout_batch(user=admin)) == {"theo": Decimal("110.00")}
    assert available(maya) == ZERO


def test_a_paid_payout_counts_as_paid_out(matured_order, admin):
    payout = run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])

    mark_payout(payout=payout, status=Payout.PAID, user=admin, reference="BACS 0042")

    payout.refresh_from_db()
    assert (payout.status, payout.reference) == (Payout.PAID, "BACS 0042") and payout.paid_at is not None
    balances = ledger.balances_of(matured_order["maya"])
    assert (balances["available"], balances["in_payout"], balances["paid_out"]) == (ZERO, ZERO, Decimal("841.00"))


def test_a_failed_payout_puts_the_money_back_and_the_next_batch_pays_it(matured_order, admin):
    maya = matured_order["maya"]
    payout = run_payout_batch(user=admin).payouts.get(artist=maya)

    mark_payout(payout=payout, status=Payout.FAILED, user=admin, reason="Account closed")

    payout.refresh_from_db()
    assert (payout.status, payout.failure_reason) == (Payout.FAILED, "Account closed") and payout.failed_at
    balances = ledger.balances_of(maya)
    assert (balances["available"], balances["in_payout"], balances["paid_out"]) == (Decimal("841.00"), ZERO, ZERO)
    assert sum(entry.amount for entry in LedgerEntry.objects.filter(payout=payout)) == ZERO
    assert paid_in(run_payout_batch(user=admin)) == {"maya": Decimal("841.00")}


def test_failing_a_payout_twice_gives_the_money_back_once(matured_order, admin):
    payout = run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])

    mark_payout(payout=payout, status=Payout.FAILED, user=admin)
    mark_payout(payout=payout, status=Payout.FAILED, user=admin)

    assert LedgerEntry.objects.filter(payout=payout).count() == 2
    assert available(matured_order["maya"]) == Decimal("841.00")


@pytest.mark.parametrize(
    ("first", "then"),
    [(Payout.PAID, Payout.FAILED), (Payout.FAILED, Payout.PAID), (Payout.PAID, Payout.PROCESSING)],
)
def test_a_settled_payout_cannot_change_its_outcome(matured_order, admin, first, then):
    payout = run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])
    mark_payout(payout=payout, status=first, user=admin)
    entries = LedgerEntry.objects.filter(payout=payout).count()

    with pytest.raises(IllegalPayoutChange):
        mark_payout(payout=payout, status=then, user=admin)

    payout.refresh_from_db()
    assert payout.status == first
    assert LedgerEntry.objects.filter(payout=payout).count() == entries


def test_a_payout_cannot_take_a_status_that_does_not_exist(matured_order, admin):
    payout = run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])

    with pytest.raises(IllegalPayoutChange):
        mark_payout(payout=payout, status="cancelled", user=admin)

    payout.refresh_from_db()
    assert payout.status == Payout.PROCESSING


def test_a_paid_payouts_reference_can_be_corrected(matured_order, admin):
    payout = run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])
    mark_payout(payout=payout, status=Payout.PAID, user=admin, reference="typo")

    mark_payout(payout=payout, status=Payout.PAID, user=admin, reference="BACS 0042")

    payout.refresh_from_db()
    assert payout.reference == "BACS 0042" and ledger.balances_of(matured_order["maya"])["paid_out"] == Decimal(
        "841.00"
    )


def test_the_batch_csv_has_one_row_per_payout_for_the_bank(matured_order, admin):
    batch = run_payout_batch(user=admin)

    rows = list(csv.DictReader(io.StringIO(batch_csv(batch))))

    assert [(row["artist"], row["amount"], row["currency"]) for row in rows] == [
        ("Maya", "841.00", "GBP"),
        ("Theo", "212.00", "GBP"),
    ]
    for row in rows:
        payout = Payout.objects.get(pk=row["payout"])
        assert row["reference"] == payout.statement_reference == f"ARTIQO PAYOUT {payout.pk:06d}"
        assert row["email"] == payout.artist.user.email and row["status"] == "processing"


def test_raising_the_hold_after_a_payout_does_not_unpay_what_was_paid(matured_order, admin):
    artists = (matured_order["maya"], matured_order["theo"])
    run_payout_batch(user=admin)
    before = {artist.pk: ledger.balances_of(artist) for artist in artists}

    terms.update_settings(user=admin, payout_hold_days=30)  # the deliveries were 15 days ago

    after = {artist.pk: ledger.balances_of(artist) for artist in artists}
    assert all(value >= 0 for balances in after.values() for value in balances.values()), after
    assert after == before
