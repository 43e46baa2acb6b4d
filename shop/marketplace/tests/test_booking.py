"""Fees booked when an order is paid: gross, fee and net per line, fixed at that moment.

The rules (issue 14, API.md "Money rules"): each line's fee is the artist's rate at payment
(negotiated, else the default), rounded half up to the penny, never below the minimum fee and never
above the line; each artist's delivery share is theirs, fee-free; the sales add up to what the buyer paid.
"""

from decimal import Decimal

import pytest

from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import ledger, terms
from shop.marketplace.fees import fee_for
from shop.marketplace.models import LedgerEntry, SettingsChange
from shop.order.services import place_order
from shop.order.tests.factories import basket_with, make_order, shipping_address

from .conftest import amounts_by_kind, entries_of, line_of, pay

pytestmark = pytest.mark.django_db

RATE, MINIMUM = Decimal("0.15"), Decimal("0.50")


def booked_line(payment, line) -> dict:
    """The sale and fee entries `payment` booked for `line`, by kind."""
    entries = LedgerEntry.objects.filter(payment=payment, line=line, is_shipping=False)
    assert entries.count() == 2, list(entries.values("kind", "amount"))
    return {entry.kind: entry for entry in entries}


def test_a_paid_two_artist_order_books_gross_fee_and_net_per_line(paid_order):
    payment, order, maya, theo = paid_order["payment"], paid_order["order"], paid_order["maya"], paid_order["theo"]

    harbour = booked_line(payment, line_of(order, maya))
    assert harbour["sale"].amount == harbour["sale"].gross == Decimal("980.00")
    assert harbour["fee"].amount == Decimal("-147.00")  # 15% of £980
    assert harbour["fee"].gross == Decimal("980.00") and harbour["sale"].fee_rate == harbour["fee"].fee_rate == RATE
    grid = booked_line(payment, line_of(order, theo))
    assert grid["sale"].amount == grid["sale"].gross == Decimal("240.00")  # 2 × £120
    assert grid["fee"].amount == Decimal("-36.00")
    for entries, artist in ((harbour, maya), (grid, theo)):
        assert {entry.artist for entry in entries.values()} == {artist}
        assert {entry.currency for entry in entries.values()} == {"GBP"}
        assert {entry.order_id for entry in entries.values()} == {order.pk}

    assert ledger.balances_of(maya)["pending"] == Decimal("841.00")  # 980 − 147 + £8 delivery
    assert ledger.balances_of(theo)["pending"] == Decimal("212.00")  # 240 − 36 + £8 delivery
    assert ledger.balances_of(maya)["fees"] == Decimal("147.00")
    assert ledger.platform_fees() == Decimal("183.00")


def test_each_artists_delivery_share_is_a_fee_free_sale_and_the_sales_add_up_to_what_the_buyer_paid(paid_order):
    payment, order = paid_order["payment"], paid_order["order"]
    assert order.shipping_incl_tax == Decimal("16.00")

    for artist in (paid_order["maya"], paid_order["theo"]):
        shipping = entries_of(artist, is_shipping=True)
        assert [(entry.kind, entry.amount) for entry in shipping] == [("sale", Decimal("8.00"))]
        assert shipping[0].line.partner.artist == artist  # payable once that artist's line is delivered
        assert not entries_of(artist, kind="fee", is_shipping=True).exists()

    sales = LedgerEntry.objects.filter(payment=payment, kind="sale")
    assert sum(entry.amount for entry in sales) == payment.amount == order.total_incl_tax
    assert LedgerEntry.objects.filter(payment=payment).count() == 6  # 2 lines × (sale, fee) + 2 delivery shares


def test_an_order_collected_from_the_artists_books_no_delivery_share(two_artist_order, default_terms):
    buyer, maya, theo = two_artist_order["order"].user, two_artist_order["maya"], two_artist_order["theo"]
    quay = make_artwork(maya, title="Quay at Dusk", price="300.00")
    order = place_order(
        user=buyer,
        basket=basket_with(buyer, quay, two_artist_order["grid"]),
        shipping_address=shipping_address(),
        shipping_method="pickup",
    )

    payment = pay(order)

    assert not LedgerEntry.objects.filter(payment=payment, is_shipping=True).exists()
    sales = LedgerEntry.objects.filter(payment=payment, kind="sale").values_list("amount", flat=True)
    assert sum(sales) == payment.amount == Decimal("420.00")
    assert ledger.balances_of(maya)["pending"] == Decimal("255.00")  # 300 − 45
    assert ledger.balances_of(theo)["pending"] == Decimal("102.00")  # 120 − 18


def test_every_booking_names_its_source_so_it_can_be_booked_only_once(paid_order):
    payment = paid_order["payment"]
    before = list(LedgerEntry.objects.order_by("pk").values_list("source", "amount"))

    assert ledger.book_paid_order(payment) == []  # the receiver running again books nothing

    assert list(LedgerEntry.objects.order_by("pk").values_list("source", "amount")) == before
    assert all(source.startswith(f"payment:{payment.pk}/") for source, _ in before)


def test_the_minimum_fee_applies_where_it_bites(two_artist_order, default_terms, admin):
    terms.update_settings(user=admin, minimum_fee=Decimal("40.00"))
    payment = pay(two_artist_order["order"])
    order = two_artist_order["order"]

    assert booked_line(payment, line_of(order, two_artist_order["maya"]))["fee"].amount == Decimal("-147.00")
    assert booked_line(payment, line_of(order, two_artist_order["theo"]))["fee"].amount == Decimal("-40.00")  # not 36


def test_the_minimum_fee_never_takes_more_than_the_line(two_artist_order, default_terms, admin):
    terms.update_settings(user=admin, minimum_fee=Decimal("500.00"))
    payment = pay(two_artist_order["order"])
    order, theo = two_artist_order["order"], two_artist_order["theo"]

    assert booked_line(payment, line_of(order, two_artist_order["maya"]))["fee"].amount == Decimal("-500.00")
    grid = booked_line(payment, line_of(order, theo))
    assert grid["fee"].amount == Decimal("-240.00")  # the whole £240 line, not £500
    assert ledger.balances_of(theo)["pending"] == Decimal("8.00")  # only the delivery share is left


def test_rate_changes_after_payment_do_not_touch_booked_lines(paid_order, two_artist_order, admin):
    maya, theo = paid_order["maya"], paid_order["theo"]
    booked = list(LedgerEntry.objects.order_by("pk").values_list("source", "amount", "gross", "fee_rate"))
    balances = {artist.pk: ledger.balances_of(artist) for artist in (maya, theo)}

    terms.update_settings(user=admin, default_fee_rate=Decimal("0.40"), minimum_fee=Decimal("100.00"))
    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0.05"), user=admin, note="launch offer")

    assert list(LedgerEntry.objects.order_by("pk").values_list("source", "amount", "gross", "fee_rate")) == booked
    assert {artist.pk: ledger.balances_of(artist) for artist in (maya, theo)} == balances
    # The new terms are in force: the next order of the same artworks is booked on them.
    quay = make_artwork(maya, title="Quay at Dusk", price="980.00")
    again = make_order(paid_order["order"].user, quay, (paid_order["grid"], 2))
    payment = pay(again, key="k2")
    assert booked_line(payment, line_of(again, maya))["fee"].amount == Decimal("-100.00")  # 5% = 49: the minimum
    assert booked_line(payment, line_of(again, theo))["fee"].amount == Decimal("-100.00")  # 40% of 240 = 96


def test_a_negotiated_rate_wins_over_the_default(two_artist_order, default_terms, admin):
    maya, theo, order = two_artist_order["maya"], two_artist_order["theo"], two_artist_order["order"]
    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0.10"), user=admin, note="agreed at the fair")

    payment = pay(order)

    harbour = booked_line(payment, line_of(order, maya))
    assert harbour["fee"].amount == Decimal("-98.00") and harbour["fee"].fee_rate == Decimal("0.10")
    assert booked_line(payment, line_of(order, theo))["fee"].amount == Decimal("-36.00")  # the default 15%


def test_a_negotiated_rate_of_zero_still_pays_the_minimum_fee(two_artist_order, default_terms, admin):
    maya, order = two_artist_order["maya"], two_artist_order["order"]
    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0"), user=admin)

    payment = pay(order)

    assert booked_line(payment, line_of(order, maya))["fee"].amount == -MINIMUM  # "never below the minimum"


def test_removing_a_negotiated_rate_puts_the_artist_back_on_the_default(two_artist_order, default_terms, admin):
    maya, order = two_artist_order["maya"], two_artist_order["order"]
    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0.10"), user=admin)
    terms.set_negotiated_rate(artist=maya, fee_rate=None, user=admin)

    payment = pay(order)

    assert booked_line(payment, line_of(order, maya))["fee"].amount == Decimal("-147.00")
    assert amounts_by_kind(maya)[("sale", True)] == Decimal("8.00")


def test_setting_a_value_it_already_has_records_no_change(default_terms, admin):
    """The audit trail lists changes; re-saving the screen with the same rate (typed "0.15") is not one."""
    before = SettingsChange.objects.count()

    terms.update_settings(user=admin, default_fee_rate=Decimal("0.15"), minimum_fee=Decimal("0.5"))

    assert SettingsChange.objects.count() == before, list(SettingsChange.objects.values_list("changes", flat=True))


def test_setting_a_negotiated_rate_it_already_has_records_no_change(two_artist_order, admin):
    maya = two_artist_order["maya"]
    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0.10"), user=admin)
    before = SettingsChange.objects.count()

    terms.set_negotiated_rate(artist=maya, fee_rate=Decimal("0.10"), user=admin)

    assert SettingsChange.objects.count() == before, list(SettingsChange.objects.values_list("changes", flat=True))


# --- fee_for ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gross", "rate", "minimum", "fee"),
    [
        ("980.00", "0.15", "0.50", "147.00"),
        ("11.50", "0.15", "0", "1.73"),  # 1.725: half up, not to even (1.72)
        ("0.50", "0.05", "0", "0.03"),  # 0.025
        ("10.01", "0.15", "0", "1.50"),  # 1.5015: below the half, down
        ("2.00", "0.15", "0.50", "0.50"),  # 0.30: the minimum bites
        ("0.40", "0.15", "0.50", "0.40"),  # the minimum is capped at the line
        ("100.00", "0", "0", "0.00"),  # zero rate, no minimum: no fee
        ("100.00", "0", "0.50", "0.50"),  # zero rate still pays the minimum
        ("100.00", "0.9999", "0", "99.99"),  # the highest rate an admin can set
        ("0.00", "0.15", "0.50", "0.00"),  # a free line costs nothing
    ],
)
def test_fee_for(gross, rate, minimum, fee):
    line = fee_for(Decimal(gross), rate=Decimal(rate), minimum=Decimal(minimum))

    assert line.fee == Decimal(fee) and line.fee.as_tuple().exponent == -2
    assert line.gross == Decimal(gross) and line.rate == Decimal(rate)
    assert line.net == Decimal(gross) - Decimal(fee)
    assert Decimal("0") <= line.fee <= line.gross
