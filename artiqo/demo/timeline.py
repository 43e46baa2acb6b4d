"""The demo history's plan: which buyer orders what, when, and what becomes of each order.

Pure data from `content` and a seeded Random, with no database: the same orders and steps on every
run, so a second run (or one resuming an interrupted first) finds exactly what the first one made.
Moments are counted back from an anchor day; `history.py` carries the steps out.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.utils import timezone

from . import content

SEED = 14
ORDERS = 52
DAYS = 178  # the oldest order is about six months old
RECENT, RECENT_DAYS = 6, 6  # orders of the last week, some not yet shipped or delivered
CANCELLED, EXPIRED = 4, 2
ARTIST_WEIGHTS = {"maya": 4, "theo": 3, "ines": 2, "kenji": 2, "rosa": 2}
TRACKING_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ORIGINALS_SOLD = 0.4  # at most this share of an artist's originals sells: the shop keeps most of them


@dataclass(frozen=True)
class Moment:
    """A minute of a day, counted back from the anchor day (1 = the day before)."""

    days_ago: int
    minute: int

    def later(self, minutes: int) -> "Moment":
        total = self.minute + minutes
        return Moment(self.days_ago - total // 1440, total % 1440)

    def days_later(self, days: int, minute: int) -> "Moment":
        return Moment(self.days_ago - days, minute)

    def on(self, anchor_day) -> datetime:
        day = anchor_day - timedelta(days=self.days_ago)
        return timezone.make_aware(datetime.combine(day, clock(self.minute // 60, self.minute % 60)))


PAYOUT_AT = Moment(61, 10 * 60)  # one payout batch two months ago, marked paid two days later
PAYOUT_PAID_AT = PAYOUT_AT.days_later(2, 11 * 60)


@dataclass(frozen=True)
class PlannedOrder:
    key: str
    buyer: str
    items: tuple  # ((upc, quantity), ...)
    method: str  # "delivery" or "pickup"
    placed: Moment
    fate: str  # "sold", "cancelled" (by the buyer, after paying) or "expired" (never paid)


@dataclass(frozen=True)
class Step:
    at: Moment
    action: str  # a DemoHistory method (history.py)
    key: str = ""  # the order's key
    artist: str = ""  # ship and deliver: whose lines
    tracking: str = ""


class Shelf:
    """The demo's artworks as the history sells them: some originals (once each), up to half of each edition."""

    def __init__(self):
        self.works = {
            spec["username"]: [
                (content.artwork_upc(spec["username"], number), work[5])
                for number, work in enumerate(spec["works"], start=1)
            ]
            for spec in content.ARTISTS
        }
        self.originals_left = {
            artist: int(sum(original for __, original in works) * ORIGINALS_SOLD)
            for artist, works in self.works.items()
        }
        self.units_left = {
            upc: 1 if original else content.edition_stock(upc) // 2
            for works in self.works.values()
            for upc, original in works
        }

    def left(self, artist: str, but=()) -> list[tuple[str, bool]]:
        return [
            (upc, original)
            for upc, original in self.works[artist]
            if upc not in but and self.units_left[upc] > 0 and (not original or self.originals_left[artist] > 0)
        ]

    def units_of(self, artist: str) -> int:
        return sum(self.units_left[upc] for upc, __ in self.left(artist))

    def take(self, rng: random.Random, artist: str, count: int) -> list[tuple[str, int]]:
        """Up to `count` different artworks of the artist, prints three times likelier than originals."""
        taken = []
        for __ in range(count):
            left = self.left(artist, but=dict(taken))
            if not left:
                break
            upc, original = rng.choices(left, weights=[1 if original else 3 for __, original in left])[0]
            quantity = 2 if not original and self.units_left[upc] >= 2 and rng.random() < 0.15 else 1
            self.units_left[upc] -= quantity
            self.originals_left[artist] -= original
            taken.append((upc, quantity))
        return taken


def plan(hold_minutes: int | None = None) -> tuple[list[PlannedOrder], list[Step]]:
    """The whole history, oldest first: the same orders and steps on every run (a seeded Random)."""
    hold_minutes = settings.ORDER_PAYMENT_HOLD_MINUTES if hold_minutes is None else hold_minutes
    rng = random.Random(SEED)
    shelf = Shelf()
    buyers = {buyer["username"]: buyer for buyer in content.BUYERS}
    cities = {spec["username"]: spec["city"] for spec in content.ARTISTS}
    # More orders lately than six months ago (a marketplace that is catching on), and a last week's
    # worth still on their way: paid and waiting for the artist, or posted and not yet delivered.
    days = sorted(
        [RECENT_DAYS + round((DAYS - RECENT_DAYS) * rng.random() ** 1.4) for __ in range(ORDERS - RECENT)]
        + [rng.randint(1, RECENT_DAYS) for __ in range(RECENT)],
        reverse=True,
    )
    unlucky = rng.sample(range(ORDERS - RECENT), CANCELLED + EXPIRED)  # none of last week's
    fates = {index: "cancelled" for index in unlucky[:CANCELLED]} | {index: "expired" for index in unlucky[CANCELLED:]}
    # Maya, the demo's first artist, sells both long enough ago to be paid out and lately (still pending).
    sold = [index for index in range(ORDERS) if index not in fates]
    with_maya = {min(sold, key=lambda index: abs(days[index] - 35)), sold[-1], sold[-2]}
    orders, steps = [], []
    for index, days_ago in enumerate(days):
        key = f"demo-history-{index + 1:02d}"
        buyer = rng.choices(list(buyers), weights=[buyer["weight"] for buyer in buyers.values()])[0]
        # Maya's last units are kept for the orders she must be in.
        reserved = {"maya": sum(1 for later in with_maya if later >= index)}
        stocked = {
            artist: weight
            for artist, weight in ARTIST_WEIGHTS.items()
            if shelf.units_of(artist) > reserved.get(artist, 0) or (artist == "maya" and index in with_maya)
        }
        artists = weighted_sample(rng, stocked, min(len(stocked), 2 if rng.random() < 0.22 else 1))
        if index in with_maya and "maya" not in artists:
            artists[0] = "maya"
        count = 1 if len(artists) == 2 else rng.choices([1, 2, 3], weights=[70, 24, 6])[0]
        items_of = {artist: shelf.take(rng, artist, count) for artist in artists}
        items = tuple(item for artist_items in items_of.values() for item in artist_items)
        local = {cities[artist] for artist in artists} == {buyers[buyer]["address"]["line4"]}
        method = "pickup" if local and rng.random() < 0.6 else "delivery"
        placed = Moment(days_ago, rng.randint(8 * 60, 22 * 60 + 30))
        fate = fates.get(index, "sold")
        orders.append(PlannedOrder(key, buyer, items, method, placed, fate))
        steps.append(Step(placed, "place", key))
        if fate == "expired":  # opened the card form, never paid: the order lapses after the hold
            steps.append(Step(placed.later(rng.randint(2, 6)), "abandon", key))
            steps.append(Step(placed.later(hold_minutes + rng.randint(10, 120)), "expire", key))
            continue
        steps.append(Step(placed.later(rng.randint(2, 9)), "pay", key))
        if fate == "cancelled":
            steps.append(Step(placed.later(rng.randint(45, 20 * 60)), "cancel", key))
            continue
        for artist in (artist for artist, artist_items in items_of.items() if artist_items):
            steps.extend(fulfilment_steps(rng, key, artist, placed, method))
    steps += [Step(PAYOUT_AT, "payout"), Step(PAYOUT_PAID_AT, "payout_paid")]
    ordered = sorted(enumerate(steps), key=lambda pair: (-pair[1].at.days_ago, pair[1].at.minute, pair[0]))
    return orders, [step for __, step in ordered]


def weighted_sample(rng: random.Random, weights: dict, count: int) -> list:
    chosen = []
    while len(chosen) < count:
        left = [name for name in weights if name not in chosen]
        chosen.append(rng.choices(left, weights=[weights[name] for name in left])[0])
    return chosen


def fulfilment_steps(rng: random.Random, key: str, artist: str, placed: Moment, method: str) -> list[Step]:
    """One artist's lines: posted with tracking a few days on and delivered, or ready and collected."""
    if method == "pickup":
        ready = placed.days_later(rng.randint(1, 2), rng.randint(10 * 60, 17 * 60))
        collected = ready.days_later(rng.randint(1, 4), rng.randint(10 * 60, 18 * 60))
        return [Step(ready, "ship", key, artist), Step(collected, "deliver", key, artist)]
    posted = placed.days_later(rng.randint(1, 3), rng.randint(9 * 60, 17 * 60 + 30))
    tracking = "".join(rng.choices(TRACKING_LETTERS, k=2)) + f"{rng.randint(10**8, 10**9 - 1)}GB"  # Royal Mail's shape
    delivered = posted.days_later(rng.randint(1, 3), rng.randint(9 * 60, 18 * 60))
    return [Step(posted, "ship", key, artist, tracking), Step(delivered, "deliver", key, artist)]
