"""Property: whatever happens — pays, cancels, deliveries, time, payouts, adjustments, new terms — the books add up.

A hypothesis state machine drives the real services (orders, payments through localstripe,
fulfilment, payout batches) and after every step checks, for every artist:
- pending + available is the sum of all their entries, and pending is exactly the undelivered or
  still-held lines' entries (recomputed here from the lines, not by the ledger's query);
- paid out / in payout are minus the payout entries of paid / processing payouts; fees are the fees
  less those given back; no balance is ever negative;
- each line's sale − |fee| is the net `fee_for` gives at the terms in force when it was paid, and a
  payment's sales add up to what the buyer paid.
Each example runs in a savepoint rolled back at its end, with Stripe's memory wiped, so it starts clean.
"""

import uuid
from datetime import timedelta
from decimal import Decimal
from operator import itemgetter

import pytest
import time_machine
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from artiqo.users.tests.factories import UserFactory
from artists.models import Artist
from artists.services import approve_artist, suspend_artist
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import ledger, payouts, terms
from shop.marketplace.fees import fee_for
from shop.marketplace.models import LedgerEntry, MarketplaceSettings, Payout
from shop.order.fulfilment import IllegalTransition, cancel_order, move_line
from shop.order.tests.factories import make_order
from shop.payment import services
from shop.payment.models import Payment

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
RATES = [Decimal(rate) for rate in ("0", "0.05", "0.15", "0.3333")]
MINIMUM_FEES = [Decimal(fee) for fee in ("0", "0.50", "1.00", "60.00")]
MINIMUM_PAYOUTS = [Decimal(minimum) for minimum in ("0", "20.00", "100.00")]
HOLD_DAYS = [0, 3, 14]
AMOUNTS = st.decimals(min_value=Decimal("-300"), max_value=Decimal("300"), places=2)


@pytest.fixture
def world(site_pages, admin, localstripe):
    """Two artists, each with a print and a very cheap piece (where the minimum fee bites, or the cap)."""
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    artworks = [
        make_artwork(maya, title="Harbour print", price="45.00", stock=100, is_original=False, edition_size=100),
        make_artwork(maya, title="Harbour postcard", price="2.00", stock=100, is_original=False, edition_size=100),
        make_artwork(theo, title="Ancoats Grid", price="120.00", stock=100, is_original=False, edition_size=100),
        make_artwork(theo, title="Grid sticker", price="0.40", stock=100, is_original=False, edition_size=100),
    ]
    return {
        "artists": [maya, theo],
        "artworks": artworks,
        "buyer": UserFactory(username="ben"),
        "admin": admin,
        "localstripe": localstripe,
    }


class Books(RuleBasedStateMachine):
    """The marketplace's money under any sequence of events; `world` is set by the test."""

    world: dict = {}

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.clock = time_machine.travel(timezone.now(), tick=False)
        self.traveller = self.clock.start()
        self.world["localstripe"].forget_everything()  # payment ids repeat after each rollback; so would keys
        self.admin = self.world["admin"]
        self.terms: dict = {}
        self.negotiated: dict[int, Decimal] = {}
        self.expected_fee: dict[int, object] = {}  # line pk → LineFee at the terms of its payment
        self.orders: list = []  # paid orders, with their payment
        self.hold = 0
        self.payable_at: dict[int, object] = {}  # line pk → its delivery plus the hold in force then

    def teardown(self):
        self.clock.stop()
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    def _open_orders(self):
        return [(order, payment) for order, payment in self.orders if order.status != "Cancelled"]

    def _draw_order(self, data):
        order, payment = data.draw(st.sampled_from(self._open_orders()))
        order.refresh_from_db()
        return order, payment

    # --- what can happen ------------------------------------------------------------------------

    @initialize(
        rate=st.sampled_from(RATES),
        minimum=st.sampled_from(MINIMUM_FEES),
        hold=st.sampled_from(HOLD_DAYS),
        minimum_payout=st.sampled_from(MINIMUM_PAYOUTS),
    )
    def terms_and_a_first_order_delivered_past_the_hold(self, rate, minimum, hold, minimum_payout):
        """Money to pay out from the start, so few steps reach payouts, failed payouts and debits."""
        self.admin_changes_the_terms(rate=rate, minimum=minimum, minimum_payout=minimum_payout, hold=hold)
        self.buyer_pays_an_order([(0, 1), (2, 1)])
        self._deliver(self.orders[0][0])
        self.time_passes(hold + 1)

    @rule(
        picks=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 3)), min_size=1, max_size=3, unique_by=itemgetter(0))
    )
    def buyer_pays_an_order(self, picks):
        artworks = self.world["artworks"]
        order = make_order(self.world["buyer"], *[(artworks[index], quantity) for index, quantity in picks])
        for line in order.lines.select_related("partner__artist"):
            artist = line.partner.artist
            rate = self.negotiated.get(artist.pk, self.terms["default_fee_rate"])
            self.expected_fee[line.pk] = fee_for(line.line_price_incl_tax, rate=rate, minimum=self.terms["minimum_fee"])
        payment = services.start_payment(
            order=order, payer=order.user, idempotency_key=str(uuid.uuid4()), payment_method="pm_card_visa"
        )
        assert payment.status == Payment.COMPLETED
        self.orders.append((order, payment))

    @precondition(lambda self: self._open_orders())
    @rule(data=st.data())
    def buyer_cancels(self, data):
        order, payment = self._draw_order(data)
        shipped = order.lines.exclude(status="pending").exists()
        entries = LedgerEntry.objects.filter(payment=payment).count()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):  # the refund runs after the cancel commits
                cancel_order(order=order)
        except IllegalTransition:
            assert shipped, "an order with nothing shipped could not be cancelled"
            return
        assert not shipped, "an order already shipping was cancelled"
        order.refresh_from_db()
        payment.refresh_from_db()
        assert payment.status == Payment.REFUNDED
        booked = LedgerEntry.objects.filter(payment=payment)
        assert booked.count() == 2 * entries  # each entry reversed, once
        assert sum(booked.values_list("amount", flat=True)) == ZERO
        event("a paid order cancelled")

    @precondition(lambda self: self._open_orders())
    @rule(data=st.data())
    def an_artist_ships_a_line(self, data):
        order, _ = self._draw_order(data)
        line = data.draw(st.sampled_from(list(order.lines.select_related("partner__artist").order_by("pk"))))
        if line.status == "pending":
            move_line(line=line, artist=line.partner.artist, status="shipped")

    @precondition(lambda self: self._open_orders())
    @rule(data=st.data())
    def the_artists_deliver_an_order(self, data):
        order, _ = self._draw_order(data)
        self._deliver(order)
        event("an order delivered")

    def _deliver(self, order):
        for line in order.lines.select_related("partner__artist").order_by("pk"):
            for step in {"pending": ["shipped", "delivered"], "shipped": ["delivered"]}.get(line.status, []):
                line = move_line(line=line, artist=line.partner.artist, status=step)
            self.payable_at.setdefault(line.pk, line.delivered_at + timedelta(days=self.hold))

    @rule(step=st.sampled_from(["a day", "the hold less a day", "the hold"]))
    def time_passes_by(self, step):
        """Steps that land on either side of a delivery's hold, where an off-by-one would show."""
        self.time_passes({"a day": 1, "the hold less a day": max(self.hold - 1, 0), "the hold": self.hold}[step])

    def time_passes(self, days):
        self.traveller.shift(timedelta(days=days))

    @precondition(lambda self: any(sums["available"] > 0 for sums in ledger.balances_by_artist().values()))
    @rule()
    def admin_runs_a_payout_batch(self):
        minimum = max(MarketplaceSettings.load().minimum_payout, Decimal("0.01"))
        approved = set(Artist.objects.approved().values_list("pk", flat=True))
        owed = {
            pk: sums["available"]
            for pk, sums in ledger.balances_by_artist().items()
            if pk in approved and sums["available"] >= minimum
        }
        batch = payouts.run_payout_batch(user=self.admin)
        paid = {} if batch is None else dict(batch.payouts.values_list("artist_id", "amount"))
        assert paid == owed
        balances = ledger.balances_by_artist()
        assert all(balances[artist_pk]["available"] == ZERO for artist_pk in paid)
        event(f"a payout batch paid {len(paid)} artists")

    @precondition(lambda self: Payout.objects.exists())
    @rule(data=st.data(), outcome=st.sampled_from([Payout.PAID, Payout.FAILED]))
    def the_bank_answers(self, data, outcome):
        payout = data.draw(st.sampled_from(list(Payout.objects.order_by("pk"))))
        settled_otherwise = payout.status not in (Payout.PROCESSING, outcome)
        try:
            payouts.mark_payout(payout=payout, status=outcome, user=self.admin, reference="BACS")
        except payouts.IllegalPayoutChange:
            assert settled_otherwise
            return
        assert not settled_otherwise
        event(f"a payout {outcome}")

    @rule(artist=st.integers(0, 1), amount=AMOUNTS)
    def admin_adjusts(self, artist, amount):
        artist = self.world["artists"][artist]
        available = ledger.balances_of(artist)["available"]
        try:
            ledger.adjust(artist=artist, amount=amount, reason="Property test", user=self.admin)
        except ledger.AdjustmentRefused:
            assert amount == 0 or available + amount < 0
            return
        assert amount != 0 and available + amount >= 0

    @rule(
        rate=st.sampled_from(RATES),
        minimum=st.sampled_from(MINIMUM_FEES),
        minimum_payout=st.sampled_from(MINIMUM_PAYOUTS),
        hold=st.none() | st.sampled_from(HOLD_DAYS),  # a change of hold moves no line already delivered
    )
    def admin_changes_the_terms(self, rate, minimum, minimum_payout, hold):
        self.terms = {"default_fee_rate": rate, "minimum_fee": minimum}
        if hold is not None:
            self.terms["payout_hold_days"] = self.hold = hold
        terms.update_settings(user=self.admin, minimum_payout=minimum_payout, **self.terms)

    @rule(artist=st.integers(0, 1), rate=st.none() | st.sampled_from(RATES))
    def admin_negotiates_a_rate(self, artist, rate):
        artist = self.world["artists"][artist]
        terms.set_negotiated_rate(artist=artist, fee_rate=rate, user=self.admin)
        if rate is None:
            self.negotiated.pop(artist.pk, None)
        else:
            self.negotiated[artist.pk] = rate

    @rule(artist=st.integers(0, 1), suspended=st.booleans())
    def admin_suspends_or_reinstates(self, artist, suspended):
        (suspend_artist if suspended else approve_artist)(artist=self.world["artists"][artist])

    # --- what must always hold ------------------------------------------------------------------

    @invariant()
    def the_books_add_up(self):
        entries = list(LedgerEntry.objects.select_related("line", "payout").order_by("pk"))
        now = timezone.now()
        by_artist = ledger.balances_by_artist()
        for artist in self.world["artists"]:
            balances = ledger.balances_of(artist)
            assert by_artist.get(artist.pk, balances) == balances
            assert all(value >= 0 for value in balances.values()), balances
            mine = [entry for entry in entries if entry.artist_id == artist.pk]

            def total(keep, mine=mine):
                return sum((entry.amount for entry in mine if keep(entry)), ZERO)

            def held(entry):
                """Payable once delivered and past the hold in force at its delivery."""
                if entry.line is None:
                    return False
                delivered = entry.line.delivered_at
                return delivered is None or self.payable_at[entry.line_id] > now

            assert balances["pending"] + balances["available"] == total(lambda entry: True)
            assert balances["pending"] == total(held)
            assert balances["paid_out"] == -total(lambda e: e.kind == "payout" and e.payout.status == Payout.PAID)
            assert balances["in_payout"] == -total(
                lambda e: e.kind == "payout" and e.payout.status == Payout.PROCESSING
            )
            assert balances["fees"] == -total(lambda e: e.kind in ("fee", "fee_reversal"))
        assert ledger.platform_fees() == -sum(e.amount for e in entries if e.kind in ("fee", "fee_reversal"))
        # Each line: sale − |fee| = the net fee_for gave at its payment; each payment's sales = what the buyer paid.
        fees = {(e.payment_id, e.line_id): e for e in entries if e.kind == "fee"}
        for order, payment in self.orders:
            sales = [e for e in entries if e.payment_id == payment.pk and e.kind == "sale"]
            assert sum(e.amount for e in sales) == payment.amount == order.total_incl_tax
            for sale in (e for e in sales if not e.is_shipping):
                fee, expected = fees[(payment.pk, sale.line_id)], self.expected_fee[sale.line_id]
                assert (sale.gross, sale.fee_rate, fee.amount) == (expected.gross, expected.rate, -expected.fee)
                assert sale.amount - abs(fee.amount) == expected.net


def test_the_books_always_add_up(world):
    Books.world = world
    run_state_machine_as_test(
        Books,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            database=None,  # no .hypothesis/ directory in the repository
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
