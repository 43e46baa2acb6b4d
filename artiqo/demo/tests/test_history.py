"""The demo's six months of orders: placed, paid, shipped, delivered, cancelled and expired through the real services.

`demo_history` (conftest.py) writes it as `make run` does, against localstripe, committing step by step.
"""

import io
from collections import Counter
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from artiqo.demo import content, timeline
from artiqo.demo.history import NOTE_TYPE
from artists.models import Artist
from shop.marketplace.ledger import balances_of
from shop.marketplace.models import LedgerEntry, MarketplaceSettings, PayoutBatch
from shop.marketplace.payouts import run_payout_batch
from shop.payment.models import Payment

Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")


def history_orders():
    return Order.objects.filter(notes__note_type=NOTE_TYPE).prefetch_related("lines__partner", "payments")


def test_the_history_spreads_orders_in_every_state_over_six_months_from_the_stock_there_was(demo_history):
    orders = list(history_orders())
    now = timezone.now()
    assert 40 <= len(orders) <= 70 and demo_history["orders"] == len(orders)
    ages = [(now - order.date_placed).days for order in orders]
    assert max(ages) <= 180 and min(ages) < 7
    assert {age // 30 for age in ages} == set(range(6)), "orders in each of the last six months"
    assert {order.status for order in orders} == {"Paid", "Shipped", "Delivered", "Cancelled"}
    assert len({order.user_id for order in orders}) >= 5
    assert {order.shipping_code for order in orders} == {"delivery", "pickup"}

    for order in orders:
        lines = list(order.lines.all())
        assert 1 <= len(lines) <= 3 and 1 <= len({line.partner_id for line in lines}) <= 2
        attempts = list(order.payments.all())
        if order.status == "Cancelled":
            # Cancelled by the buyer after paying (refunded), or left unpaid until it expired.
            assert [attempt.status for attempt in attempts] in (["refunded"], ["failed"])
            continue
        [payment] = attempts
        assert payment.status == "completed"
        assert timedelta(0) < payment.completed_at - order.date_placed < timedelta(minutes=15)
        for line in lines:
            if line.status in ("shipped", "delivered"):
                assert line.shipped_at > payment.completed_at
                assert bool(line.tracking_code) == (order.shipping_code == "delivery")
            if line.status == "delivered":
                assert line.shipped_at < line.delivered_at < now

    # An original sells once; no edition sells out.
    sold = Line.objects.filter(order__notes__note_type=NOTE_TYPE).exclude(status="cancelled")
    originals = sold.filter(product__is_original=True)
    assert originals.exists()
    assert originals.values("product").distinct().count() == originals.count()
    for stock in StockRecord.objects.filter(product__is_original=False, product__upc__startswith="DEMO-"):
        assert stock.num_in_stock - stock.num_allocated > 0, stock.product


def test_the_history_books_every_fee_reverses_every_refund_and_leaves_maya_money_to_pay_out(
    demo_history, django_user_model
):
    # Every paid line: its sale and its fee, booked at the moment it was paid.
    terms = MarketplaceSettings.load()
    paid = Payment.objects.filter(status__in=["completed", "refunded"], order__notes__note_type=NOTE_TYPE)
    assert paid.count() >= 40
    for payment in paid.select_related("order"):
        for line in payment.order.lines.all():
            entries = {
                entry.kind: entry
                for entry in LedgerEntry.objects.filter(payment=payment, line=line, is_shipping=False)
                if entry.kind in ("sale", "fee")
            }
            gross = line.line_price_incl_tax
            expected_fee = max(
                (gross * terms.default_fee_rate).quantize(Decimal("0.01"), ROUND_HALF_UP), terms.minimum_fee
            )
            assert entries["sale"].amount == gross and entries["fee"].amount == -min(expected_fee, gross)
            assert entries["sale"].created_at == entries["fee"].created_at == payment.completed_at
    unpaid_lines = Line.objects.filter(order__notes__note_type=NOTE_TYPE, order__payments__status="failed")
    assert unpaid_lines.exists() and not LedgerEntry.objects.filter(line__in=unpaid_lines).exists()

    # Orders cancelled after payment: refunded, and every sale and fee reversed, at that moment.
    refunded = Payment.objects.filter(status="refunded", order__notes__note_type=NOTE_TYPE).select_related("order")
    assert refunded.count() >= 2
    for payment in refunded:
        assert payment.order.status == "Cancelled" and payment.refund_id
        # Refunded at its own moment, within a day of the payment, not when the demo was loaded.
        assert timedelta(0) < payment.refunded_at - payment.completed_at < timedelta(days=1)
        entries = LedgerEntry.objects.filter(payment=payment)
        for kind, reversal in (("sale", "refund"), ("fee", "fee_reversal")):
            booked = sorted(entries.filter(kind=kind).values_list("amount", flat=True))
            reversed_ = sorted(-amount for amount in entries.filter(kind=reversal).values_list("amount", flat=True))
            assert booked and booked == reversed_
        assert sum(entries.values_list("amount", flat=True)) == 0
        assert {entry.created_at for entry in entries.filter(kind__in=["refund", "fee_reversal"])} == {
            payment.refunded_at
        }

    # Maya: delivered sales past the hold (an admin can pay them out now), and newer ones pending.
    maya = Artist.objects.get(user__username="maya")
    balances = balances_of(maya)
    assert balances["available"] > MarketplaceSettings.load().minimum_payout
    assert balances["pending"] > 0
    assert balances["paid_out"] > 0  # the batch two months ago, marked paid
    assert PayoutBatch.objects.count() == 1

    batch = run_payout_batch(user=django_user_model.objects.get(username="admin"))

    payout = batch.payouts.get(artist=maya)
    assert payout.amount == balances["available"]
    assert balances_of(maya)["available"] == 0 and balances_of(maya)["pending"] == balances["pending"]


def test_loading_the_demo_again_adds_no_order_payment_or_ledger_entry(demo_history):
    def counts():
        return (
            Order.objects.count(),
            Payment.objects.count(),
            LedgerEntry.objects.count(),
            PayoutBatch.objects.count(),
            sorted(Order.objects.values_list("status", flat=True)),
            sorted(Line.objects.values_list("status", flat=True)),
        )

    before = counts()
    out = io.StringIO()

    call_command("load_demo_data", stdout=out)  # the history is part of the command's default

    assert counts() == before
    assert f"Demo history: {demo_history['orders']} orders over six months (0 new)" in out.getvalue()


def test_the_plan_sells_from_the_stock_the_loader_made(demo_marketplace):
    stocked = {}
    for spec in content.ARTISTS:
        for number, work in enumerate(spec["works"], start=1):
            upc = content.artwork_upc(spec["username"], number)
            stocked[upc] = StockRecord.objects.get(product__upc=upc).num_in_stock
            assert stocked[upc] == (1 if work[5] else content.edition_stock(upc)), upc

    orders, steps = timeline.plan()

    assert (orders, steps) == timeline.plan(), "the same history every time"
    planned = Counter()
    for order in orders:
        planned.update(dict(order.items))
    assert all(0 < units < stocked[upc] or (units == 1 == stocked[upc]) for upc, units in planned.items()), planned
