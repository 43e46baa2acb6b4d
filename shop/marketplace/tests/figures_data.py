"""A small marketplace with a known history around the week of 10–16 June 2025 (London summer time, UTC+1).

Built for the figures tests: every number the figures should give is worked out by hand in
`test_figures.py`. Orders are placed and paid the way the shop does it (checkout's order creator,
the payments API through localstripe), so the ledger is booked by the payment signals; only
subscription and featuring revenue, and an entry in another currency, are written directly.

The week under test is Period(10 June, 16 June); the week before it is its previous period. Moments
just either side of local midnight at both ends (23:30 and 00:30 London time, which UTC puts on
the day before) fall on the right side of the boundaries only if the figures count London days.
"""

from datetime import UTC, datetime
from decimal import Decimal

import time_machine

from artiqo.users.tests.factories import UserFactory
from artists.commissions.services import request_commission
from artists.services import suspend_artist, update_artist_profile
from artists.tests.factories import make_artist
from shop.catalogue.services import create_category, hide_artwork
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.models import LedgerEntry, PlatformRevenue, Subscription
from shop.order.fulfilment import cancel_order, expire_unpaid_orders, move_line
from shop.order.tests.factories import make_order

from .conftest import pay
from .factories import make_plans, put_on


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def at(moment: datetime):
    """Everything inside happens at `moment` (auto_now_add stamps, date_joined, date_placed, approvals)."""
    return time_machine.travel(moment, tick=False)


def placed_and_paid(moment, buyer, *lines, key):
    with at(moment):
        order = make_order(buyer, *lines)
        pay(order, key=key)
    order.refresh_from_db()
    return order


def cancelled(order, moment, capture):
    """The buyer cancels at `moment`; the refund (and its ledger entries) follows the commit, as in production."""
    with at(moment), capture(execute=True):
        cancel_order(order=order)


def ship(order, artist, moment, *, delivered=False):
    with at(moment):
        for line in order.lines.filter(partner__artist=artist):
            move_line(line=line, artist=artist, status="shipped")
            if delivered:
                move_line(line=line, artist=artist, status="delivered")


def revenue(kind, amount, moment, artist, source, currency="GBP"):
    return PlatformRevenue.objects.create(
        kind=kind, amount=Decimal(amount), currency=currency, source=source, artist=artist, booked_at=moment
    )


def build(capture) -> dict:
    """The marketplace; `capture` is pytest-django's django_capture_on_commit_callbacks."""
    plans = make_plans()
    people = {}
    with at(utc(2025, 5, 1, 9)):
        people["maya"] = make_artist(username="maya")
    with at(utc(2025, 5, 2, 9)):
        people["theo"] = make_artist(username="theo")
    with at(utc(2025, 5, 20, 9)):
        people["sam"] = make_artist(username="sam")
    with at(utc(2025, 6, 9, 22, 30)):  # 23:30 on 9 June in London: the previous week
        people["ola"] = make_artist(username="ola")
    with at(utc(2025, 6, 14, 11)):
        people["nia"] = make_artist(username="nia")
    with at(utc(2025, 6, 12, 11)):
        people["pia"] = make_artist(username="pia", approved=False)  # an applicant: not an artist yet
    for name, joined in {
        "ben": utc(2025, 6, 11, 9),
        "bea": utc(2025, 6, 5, 9),
        "cal": utc(2025, 6, 16, 22, 30),  # 23:30 on 16 June in London: the week's last minutes
        "dot": utc(2025, 6, 16, 23, 30),  # 00:30 on 17 June in London: after the week
    }.items():
        people[name] = UserFactory(username=name, date_joined=joined)
    people["stu"] = UserFactory(username="stu", is_staff=True, date_joined=utc(2025, 6, 12, 9))
    people["ina"] = UserFactory(username="ina", is_active=False, date_joined=utc(2025, 6, 12, 9))
    maya, theo, sam, ola, nia = (people[name] for name in ("maya", "theo", "sam", "ola", "nia"))

    put_on(maya, plans["studio"])  # 10% fees, 100 listings, 1 featured credit
    put_on(ola, plans["gallery"])
    put_on(sam, plans["studio"])  # suspended below: not in the plan mix
    Subscription.objects.create(artist=nia, plan=plans["gallery"], status=Subscription.CANCELED)  # default plan

    painting, prints = create_category(name="Painting"), create_category(name="Prints")
    art = {
        "harbour": make_artwork(maya, title="Harbour Blue", price="980.00", category=painting),
        "tide": make_artwork(maya, title="Tide", price="300.00", category=prints),
        "foam": make_artwork(maya, title="Foam", price="50.00", category=prints),
        "pebble": make_artwork(maya, title="Pebble", price="150.00", category=painting),
        "shell": make_artwork(maya, title="Shell", price="60.00", category=painting),
        "reef": make_artwork(maya, title="Reef", price="75.00", category=painting),
        "grid": make_artwork(
            theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50, category=prints
        ),
        "mill": make_artwork(theo, title="Mill", price="200.00", category=prints),
        "dusk": make_artwork(theo, title="Dusk", price="100.00", category=prints),
        "rain": make_artwork(theo, title="Rain", price="80.00", category=prints),
        "lark": make_artwork(theo, title="Lark", price="90.00", category=prints),
        "kiln": make_artwork(sam, title="Kiln", price="400.00", category=painting),
        "fern": make_artwork(nia, title="Fern", price="40.00", is_public=False),  # a draft
    }
    ben, bea = people["ben"], people["bea"]
    orders = {
        # the previous week
        "G": placed_and_paid(utc(2025, 6, 5, 9), bea, art["pebble"], key="G"),
        "C": placed_and_paid(utc(2025, 6, 9, 22, 30), bea, art["dusk"], key="C"),  # 23:30 on 9 June
        # the week
        "B": placed_and_paid(utc(2025, 6, 9, 23, 30), bea, art["mill"], key="B"),  # 00:30 on 10 June
        "F": placed_and_paid(utc(2025, 6, 11, 9), ben, art["rain"], key="F"),
        "A": placed_and_paid(utc(2025, 6, 12, 9), ben, art["harbour"], (art["grid"], 2), key="A"),
        "H": placed_and_paid(utc(2025, 6, 13, 9), ben, art["kiln"], key="H"),
        "D": placed_and_paid(utc(2025, 6, 16, 22, 30), ben, art["tide"], key="D"),  # 23:30 on 16 June
        # after the week
        "E": placed_and_paid(utc(2025, 6, 16, 23, 30), bea, art["foam"], key="E"),  # 00:30 on 17 June
    }
    cancelled(orders["F"], utc(2025, 6, 13, 10), capture)  # paid and refunded inside the week
    cancelled(orders["G"], utc(2025, 6, 14, 10), capture)  # paid the week before, refunded in the week
    with at(utc(2025, 6, 15, 9)):
        orders["J"] = make_order(ben, art["lark"])
    expire_unpaid_orders(now=utc(2025, 6, 15, 12))  # J was never paid
    with at(utc(2025, 6, 14, 9)):
        orders["I"] = make_order(ben, art["shell"])  # still awaiting payment
    ship(orders["A"], theo, utc(2025, 6, 13, 12), delivered=True)  # maya's line of A still to ship
    ship(orders["C"], theo, utc(2025, 6, 10, 12), delivered=True)
    ship(orders["D"], maya, utc(2025, 6, 17, 12))

    hide_artwork(artwork=art["grid"], reason="Photo shows a watermark")  # its sales in A still count
    suspend_artist(artist=sam)  # Kiln's sale in H still counts

    # Subscriptions and featuring: + taken, − refunded
    for kind, amount, moment, artist, source in [
        ("subscription", "9.00", utc(2025, 6, 11, 9), maya, "invoice:in_maya_june"),
        ("subscription", "29.00", utc(2025, 6, 13, 9), ola, "invoice:in_ola_june"),
        ("subscription", "-9.00", utc(2025, 6, 16, 22, 30), maya, "invoice:in_maya_june/refund"),
        ("subscription", "9.00", utc(2025, 6, 16, 23, 30), maya, "invoice:in_maya_july"),  # 17 June
        ("subscription", "29.00", utc(2025, 6, 9, 22, 30), ola, "invoice:in_ola_may"),  # 9 June
        ("featuring", "5.00", utc(2025, 6, 9, 23, 30), theo, "featuring:1"),  # 10 June 00:30
        ("featuring", "5.00", utc(2025, 6, 14, 10), theo, "featuring:2"),
        ("featuring", "-5.00", utc(2025, 6, 14, 12), theo, "featuring:2/refund"),
        ("featuring", "5.00", utc(2025, 6, 5, 10), maya, "featuring:3"),
    ]:
        revenue(kind, amount, moment, artist, source)
    revenue("featuring", "100.00", utc(2025, 6, 12, 9), theo, "featuring:4", currency="EUR")  # not our currency
    with at(utc(2025, 6, 12, 9)):
        LedgerEntry.objects.create(
            artist=theo, kind=LedgerEntry.SALE, amount=Decimal("500.00"), currency="EUR", source="elsewhere:1"
        )

    update_artist_profile(artist=maya, open_for_commissions=True, commission_note="Seascapes")
    request_commission(buyer=bea, artist=maya, brief="A small seascape for the hall, please.")
    return {**people, "plans": plans, "art": art, "orders": orders, "painting": painting, "prints": prints}
