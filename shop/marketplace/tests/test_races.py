"""The ledger under concurrency: whatever arrives at once, each booking is made once and no balance goes negative.

Real threads against MariaDB and localstripe, released together (artiqo.testing). Transactional
tests, so after-commit work (a cancelled order's refund) runs as in production. SQLite serialises
every writer and would pass with the locks removed, so these are marked `mariadb`.
Where the race window is a few milliseconds wide, `slow_reads` holds each reader of a balance for a
moment after it has read: with the right lock the other side waits; without it both act on one balance.
"""

import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from oscar.core.loading import get_model

from artiqo.testing import all_at_once, repeat_at_once
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import ledger, payouts
from shop.marketplace.ledger import AdjustmentRefused
from shop.marketplace.models import LedgerEntry, Payout, PayoutBatch
from shop.order.fulfilment import cancel_order
from shop.order.tests.factories import make_order
from shop.payment import services
from shop.payment.models import Payment
from shop.payment.tests.conftest import post_webhook, stripe_event

from .conftest import charge_quietly

Order = get_model("order", "Order")

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]

ZERO = Decimal("0.00")
PAUSE_SECONDS = 0.3
DEADLOCK = 1213  # MariaDB's ER_LOCK_DEADLOCK


@pytest.fixture
def slow_reads(monkeypatch):
    """Each balance read by a batch or an adjustment is followed by a pause, before anything is written.

    An adjustment's pause outlasts a batch's two reads (before and after it locks the artists): without
    the locks, the debit would land after the batch had read the balance a second time.
    """

    def slowed(read, pause):
        def read_then_pause(*args, **kwargs):
            result = read(*args, **kwargs)
            time.sleep(pause * PAUSE_SECONDS)
            return result

        return read_then_pause

    monkeypatch.setattr(payouts, "balances_by_artist", slowed(payouts.balances_by_artist, 1))
    monkeypatch.setattr(ledger, "balances_of", slowed(ledger.balances_of, 3))


def assert_booked_once(payment, artists):
    """One sale and one fee per line, one delivery share per artist: nothing twice, nothing missing."""
    kinds = Counter(LedgerEntry.objects.filter(payment=payment).values_list("line_id", "kind", "is_shipping"))
    lines = list(payment.order.lines.values_list("pk", flat=True))
    expected = Counter({(line, kind, False): 1 for line in lines for kind in ("sale", "fee")})
    assert len(lines) == len(artists)  # one line per artist in these orders: the share goes with it
    expected.update({(line, "sale", True): 1 for line in lines})
    assert kinds == expected
    sales = LedgerEntry.objects.filter(payment=payment, kind="sale").values_list("amount", flat=True)
    assert sum(sales) == payment.amount


def is_deadlock(outcome) -> bool:
    return isinstance(outcome, OperationalError) and outcome.args[0] == DEADLOCK


def all_ok(outcomes):
    assert not [outcome for outcome in outcomes if isinstance(outcome, BaseException)], outcomes


# --- booking --------------------------------------------------------------------------------------


def test_the_same_webhook_ten_times_at_once_books_each_entry_once(two_artist_order, default_terms):
    payment = charge_quietly(two_artist_order["order"])
    payload = stripe_event("evt_storm", "payment_intent.succeeded", payment.intent_id)

    assert repeat_at_once(10, lambda: post_webhook(Client(), payload).status_code) == [200] * 10

    payment.refresh_from_db()
    assert payment.status == Payment.COMPLETED
    assert_booked_once(payment, [two_artist_order["maya"], two_artist_order["theo"]])
    assert ledger.balances_of(two_artist_order["maya"])["pending"] == Decimal("841.00")
    assert ledger.balances_of(two_artist_order["theo"])["pending"] == Decimal("212.00")


def test_ten_different_events_about_one_charge_at_once_book_each_entry_once(two_artist_order, default_terms):
    """Stripe sends several events per charge (and retries with new ids): the event table cannot dedupe these."""
    payment = charge_quietly(two_artist_order["order"])
    kinds = ["payment_intent.succeeded", "payment_intent.processing"]
    payloads = [stripe_event(f"evt_{n}", kinds[n % 2], payment.intent_id) for n in range(10)]

    statuses = all_at_once(
        *[lambda payload=payload: post_webhook(Client(), payload).status_code for payload in payloads]
    )

    assert statuses == [200] * 10
    payment.refresh_from_db()
    assert payment.status == Payment.COMPLETED
    assert_booked_once(payment, [two_artist_order["maya"], two_artist_order["theo"]])


def test_booking_one_paid_order_ten_times_at_once_books_it_once(paid_order):
    """The ledger's own guard (unique source), without the payment's lock in front of it."""
    payment = paid_order["payment"]

    def book_again():
        with transaction.atomic():
            return len(ledger.book_paid_order(Payment.objects.get(pk=payment.pk)))

    outcomes = repeat_at_once(10, book_again)

    all_ok(outcomes)
    assert outcomes == [0] * 10  # all booked already by the payment itself
    assert_booked_once(payment, [paid_order["maya"], paid_order["theo"]])


def test_booking_a_fresh_payment_ten_times_at_once_books_it_once(two_artist_order, default_terms):
    """As above, but nothing booked yet: each entry is made by exactly one of the ten racing bookings.

    Racing inserts into the unique index can end in a MariaDB deadlock (the loser's transaction rolls
    back whole, nothing half-booked): tolerated here, never a duplicate or a duplicate-key error. The
    payment services book under the payment's row lock, so they never race like this.
    """
    payment = charge_quietly(two_artist_order["order"])
    Payment.objects.filter(pk=payment.pk).update(status=Payment.COMPLETED)  # as if completed, entries not yet booked

    def book():
        with transaction.atomic():
            return len(ledger.book_paid_order(Payment.objects.get(pk=payment.pk)))

    outcomes = repeat_at_once(10, book)

    counts = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert all(isinstance(outcome, int) or is_deadlock(outcome) for outcome in outcomes), outcomes
    assert sum(counts) == 6  # the committed bookings made each entry once between them
    assert_booked_once(payment, [two_artist_order["maya"], two_artist_order["theo"]])


def test_a_webhook_the_reconciler_and_a_cancel_racing_on_one_charge_leave_it_consistent(
    two_artist_order, default_terms, localstripe
):
    """Whichever wins, the order ends cancelled and refunded once, and every booking is reversed."""
    maya, theo, buyer = two_artist_order["maya"], two_artist_order["theo"], two_artist_order["order"].user
    grid = two_artist_order["grid"]
    for round_ in range(3):
        if round_ == 0:
            order = two_artist_order["order"]
        else:
            order = make_order(buyer, make_artwork(maya, title=f"Harbour {round_}", price="980.00"), (grid, 1))
        payment = charge_quietly(order, key=f"k{round_}")
        payload = stripe_event(f"evt_{round_}", "payment_intent.succeeded", payment.intent_id)

        outcomes = all_at_once(
            lambda: post_webhook(Client(), payload).status_code,  # noqa: B023  (run before the loop moves on)
            lambda: services.reconcile_payments(older_than=timedelta(0)),
            lambda: cancel_order(order=Order.objects.get(pk=order.pk)).status,  # noqa: B023
        )

        all_ok(outcomes)
        payment.refresh_from_db()
        assert Order.objects.get(pk=order.pk).status == "Cancelled"
        assert payment.status == Payment.REFUNDED
        assert len(localstripe.refunds_for(payment.intent_id)) == 1
        entries = LedgerEntry.objects.filter(payment=payment)
        if entries.exists():  # paid before the cancel: sold, booked, then reversed
            assert Counter(entries.values_list("kind", flat=True)) == {
                "sale": 4,
                "fee": 2,
                "refund": 4,
                "fee_reversal": 2,
            }
            assert sum(entry.amount for entry in entries) == ZERO
        for artist in (maya, theo):
            assert ledger.balances_of(artist)["pending"] == ledger.balances_of(artist)["available"] == ZERO
        assert ledger.platform_fees() == ZERO


# --- payouts and adjustments ----------------------------------------------------------------------


def test_two_payout_batches_run_at_once_pay_each_artist_once(matured_order, admin, slow_reads):
    batches = repeat_at_once(2, lambda: payouts.run_payout_batch(user=admin))

    all_ok(batches)
    assert sorted(batch is None for batch in batches) == [False, True]
    assert PayoutBatch.objects.count() == 1
    assert sorted(Payout.objects.values_list("artist__user__username", "amount")) == [
        ("maya", Decimal("841.00")),
        ("theo", Decimal("212.00")),
    ]
    for artist in (matured_order["maya"], matured_order["theo"]):
        assert ledger.balances_of(artist)["available"] == ZERO


def test_two_debits_at_once_cannot_take_more_than_is_available(matured_order, admin, slow_reads):
    maya = matured_order["maya"]  # £841 available

    def debit():
        return ledger.adjust(artist=maya, amount=Decimal("-500.00"), reason="Chargeback", user=admin)

    outcomes = repeat_at_once(2, debit)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AdjustmentRefused", "LedgerEntry"]
    assert ledger.balances_of(maya)["available"] == Decimal("341.00")


def test_a_debit_and_a_payout_batch_at_once_never_spend_the_same_money_twice(matured_order, admin, slow_reads):
    maya = matured_order["maya"]  # £841 available

    outcomes = all_at_once(
        lambda: ledger.adjust(artist=maya, amount=Decimal("-841.00"), reason="Chargeback", user=admin),
        lambda: payouts.run_payout_batch(user=admin),
    )

    adjusted, batch = outcomes
    assert isinstance(adjusted, AdjustmentRefused | LedgerEntry) and not isinstance(batch, Exception), outcomes
    debits = LedgerEntry.objects.filter(artist=maya, kind__in=("adjustment", "payout"))
    debited = -sum(debits.values_list("amount", flat=True))
    assert debited == Decimal("841.00"), f"£{debited} left Maya's account, out of £841"
    assert ledger.balances_of(maya)["available"] == ZERO


def test_marking_a_payout_failed_five_times_at_once_returns_the_money_once(matured_order, admin):
    payout = payouts.run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])

    outcomes = repeat_at_once(5, lambda: payouts.mark_payout(payout=payout, status=Payout.FAILED, user=admin).status)

    assert outcomes == [Payout.FAILED] * 5
    assert LedgerEntry.objects.filter(payout=payout).count() == 2
    assert ledger.balances_of(matured_order["maya"])["available"] == Decimal("841.00")


def test_paid_and_failed_at_once_settle_a_payout_one_way(matured_order, admin):
    payout = payouts.run_payout_batch(user=admin).payouts.get(artist=matured_order["maya"])

    outcomes = all_at_once(
        lambda: payouts.mark_payout(payout=payout, status=Payout.PAID, user=admin).status,
        lambda: payouts.mark_payout(payout=payout, status=Payout.FAILED, user=admin).status,
    )

    assert sum(isinstance(outcome, payouts.IllegalPayoutChange) for outcome in outcomes) == 1, outcomes
    payout.refresh_from_db()
    assert payout.status in outcomes
    balances = ledger.balances_of(matured_order["maya"])
    expected = {Payout.PAID: (ZERO, Decimal("841.00")), Payout.FAILED: (Decimal("841.00"), ZERO)}[payout.status]
    assert (balances["available"], balances["paid_out"]) == expected
