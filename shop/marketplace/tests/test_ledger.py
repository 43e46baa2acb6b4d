"""The ledger after payment: refunds reverse, deliveries mature, adjustments correct, and nothing is ever edited."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from shop.marketplace import ledger, terms
from shop.marketplace.ledger import AdjustmentRefused
from shop.marketplace.models import LedgerEntry
from shop.order.fulfilment import cancel_order
from shop.payment import services
from shop.payment.models import Payment

from .conftest import charge_quietly, deliver, entries_of, line_of, pay

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
NOTHING = {"pending": ZERO, "available": ZERO, "paid_out": ZERO, "in_payout": ZERO, "fees": ZERO}


def cancel(order, django_capture_on_commit_callbacks):
    """Cancel as the buyer does; the refund runs after the commit, as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order)


# --- cancelling a paid order --------------------------------------------------------------------


def test_cancelling_a_paid_order_reverses_every_sale_and_fee(paid_order, django_capture_on_commit_callbacks):
    payment, order = paid_order["payment"], paid_order["order"]
    booked = list(LedgerEntry.objects.filter(payment=payment).order_by("pk"))

    cancel(order, django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.status == Payment.REFUNDED
    reversals = LedgerEntry.objects.filter(payment=payment, kind__in=("refund", "fee_reversal"))
    assert reversals.count() == len(booked) == 6
    for entry in booked:
        kind = "refund" if entry.kind == "sale" else "fee_reversal"
        reversal = reversals.get(kind=kind, line=entry.line, is_shipping=entry.is_shipping)
        assert reversal.amount == -entry.amount
        assert (reversal.artist, reversal.order_id, reversal.gross, reversal.fee_rate, reversal.currency) == (
            entry.artist,
            entry.order_id,
            entry.gross,
            entry.fee_rate,
            entry.currency,
        )
    for artist in (paid_order["maya"], paid_order["theo"]):
        assert ledger.balances_of(artist) == NOTHING
    assert ledger.platform_fees() == ZERO


def test_cancelling_twice_reverses_once(paid_order, django_capture_on_commit_callbacks):
    order, payment = paid_order["order"], paid_order["payment"]
    cancel(order, django_capture_on_commit_callbacks)
    count = LedgerEntry.objects.count()

    cancel(order, django_capture_on_commit_callbacks)
    services.settle_cancelled_order(order)
    assert ledger.book_refund(payment) == []

    assert LedgerEntry.objects.count() == count == 12


def test_a_charge_arriving_after_the_order_was_cancelled_books_nothing(
    two_artist_order, default_terms, django_capture_on_commit_callbacks
):
    order = two_artist_order["order"]
    payment = charge_quietly(order)

    cancel(order, django_capture_on_commit_callbacks)  # finds the charge at Stripe, and refunds it

    payment.refresh_from_db()
    assert payment.status == Payment.REFUNDED
    assert not LedgerEntry.objects.exists()


def test_a_second_charge_for_an_order_already_paid_is_refunded_without_touching_the_sale(
    two_artist_order, default_terms
):
    order = two_artist_order["order"]
    first = charge_quietly(order, key="first-tab")  # charged, but its webhook is late
    second = pay(order, key="second-tab")  # the buyer paid again in another tab: this one pays the order
    booked = list(LedgerEntry.objects.order_by("pk").values_list("source", "amount"))
    assert {source.split("/")[0] for source, _ in booked} == {f"payment:{second.pk}"}

    services.sync_payment(first)  # the late webhook: completing it finds the order paid, so it refunds

    first.refresh_from_db()
    assert first.status == Payment.REFUNDED
    assert list(LedgerEntry.objects.order_by("pk").values_list("source", "amount")) == booked
    assert ledger.balances_of(two_artist_order["maya"])["pending"] == Decimal("841.00")


# --- pending → available ------------------------------------------------------------------------


def test_earnings_become_available_only_after_delivery_and_the_hold(paid_order, default_terms):
    order, maya, theo = paid_order["order"], paid_order["maya"], paid_order["theo"]
    hold = timedelta(days=default_terms.payout_hold_days)
    maya_total = sum(entry.amount for entry in entries_of(maya))
    assert ledger.balances_of(maya)["pending"] == maya_total == Decimal("841.00")

    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False) as traveller:
        assert ledger.balances_of(maya)["available"] == ZERO  # a month on, but not delivered
        deliver(line_of(order, maya))
        traveller.shift(hold - timedelta(minutes=1))
        assert ledger.balances_of(maya)["pending"] == maya_total  # delivered, still within the hold
        assert ledger.balances_of(maya)["available"] == ZERO
        traveller.shift(timedelta(minutes=1))
        balances = ledger.balances_of(maya)
        assert (balances["pending"], balances["available"]) == (ZERO, maya_total)  # the delivery share too
        assert ledger.balances_of(theo)["pending"] == Decimal("212.00")  # Theo has not delivered
        assert ledger.balances_of(theo)["available"] == ZERO
        assert ledger.balances_by_artist()[maya.pk] == balances


def test_the_hold_is_the_one_in_the_settings(paid_order, admin):
    terms.update_settings(user=admin, payout_hold_days=0)
    deliver(line_of(paid_order["order"], paid_order["maya"]))

    assert ledger.balances_of(paid_order["maya"])["available"] == Decimal("841.00")


# --- adjustments --------------------------------------------------------------------------------


def test_an_admin_credits_and_debits_an_artist_with_a_reason(matured_order, admin):
    maya = matured_order["maya"]
    assert ledger.balances_of(maya)["available"] == Decimal("841.00")

    credit = ledger.adjust(artist=maya, amount=Decimal("10.00"), reason="Frame damaged by us", user=admin)
    debit = ledger.adjust(artist=maya, amount=Decimal("-51.00"), reason="Duplicate delivery charge", user=admin)

    assert (credit.kind, credit.amount, credit.description, credit.created_by) == (
        "adjustment",
        Decimal("10.00"),
        "Frame damaged by us",
        admin,
    )
    assert debit.amount == Decimal("-51.00") and debit.currency == "GBP"
    assert ledger.balances_of(maya)["available"] == Decimal("800.00")
    assert ledger.balances_of(matured_order["theo"])["available"] == Decimal("212.00")  # nobody else's


def test_a_credit_is_available_at_once_even_with_nothing_sold(paid_order, admin):
    theo = paid_order["theo"]

    ledger.adjust(artist=theo, amount=Decimal("5"), reason="Goodwill", user=admin)

    assert ledger.balances_of(theo)["available"] == Decimal("5.00")
    assert ledger.balances_of(theo)["pending"] == Decimal("212.00")


def test_a_debit_beyond_the_available_balance_is_refused(paid_order, admin):
    maya = paid_order["maya"]  # £841 pending, nothing available yet
    ledger.adjust(artist=maya, amount=Decimal("20.00"), reason="Goodwill", user=admin)

    with pytest.raises(AdjustmentRefused):
        ledger.adjust(artist=maya, amount=Decimal("-20.01"), reason="Too much", user=admin)

    assert ledger.balances_of(maya)["available"] == Decimal("20.00")
    ledger.adjust(artist=maya, amount=Decimal("-20.00"), reason="All of it", user=admin)
    assert ledger.balances_of(maya)["available"] == ZERO


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_adjustment_without_a_reason_is_refused(matured_order, admin, reason):
    with pytest.raises(AdjustmentRefused):
        ledger.adjust(artist=matured_order["maya"], amount=Decimal("1.00"), reason=reason, user=admin)

    assert not LedgerEntry.objects.filter(kind="adjustment").exists()


def test_an_adjustment_of_zero_is_refused(matured_order, admin):
    with pytest.raises(AdjustmentRefused):
        ledger.adjust(artist=matured_order["maya"], amount=Decimal("0.001"), reason="Rounding", user=admin)


# --- append-only --------------------------------------------------------------------------------


def test_a_ledger_entry_cannot_be_changed_or_deleted(paid_order):
    entry = entries_of(paid_order["maya"], kind="sale", is_shipping=False).get()

    entry.amount = Decimal("1.00")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(TypeError):
        paid_order["maya"].ledger_entries.all().delete()
    with pytest.raises(TypeError), transaction.atomic():  # bulk_update breaks the transaction it is refused in
        LedgerEntry.objects.bulk_update([entry], ["amount"])

    entry.refresh_from_db()
    assert entry.amount == Decimal("980.00")
    assert LedgerEntry.objects.count() == 6
