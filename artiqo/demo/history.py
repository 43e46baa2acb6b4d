"""Six months of the demo marketplace's past: orders placed, paid, shipped, delivered, cancelled, expired.

Without a past, every figure, "popular" row, recommendation and artist's earnings page starts empty.
The history is written through the real services: a basket and `place_order`, `start_payment` with a
test card against the fake Stripe, the artists' `move_line`, the buyer's `cancel_order` (refunded by
the payments app), `expire_unpaid_orders`, and one payout batch two months ago. Each step runs at its
own moment under time-machine, so order dates, the fees the ledger books, delivery dates, payout holds
and stock are what six months of trading would have left. A seeded Random makes it the same every time.

The plan (timeline.py) is the same on every run. Idempotent and resumable: each order carries a note
(NOTE_TYPE) holding its key, and every step first checks whether it is done. Moments are counted back
from an anchor day, the first run's date, read back from the first order found, so a later run replays
the very same timeline. Steps planned for the anchor day or later never happen: the most recent orders
stay paid or shipped.

Each step is its own transaction (no outer one), so what follows a commit follows it at that moment:
a cancelled order's refund, its ledger reversals. Mail goes nowhere (`quietly`).
"""

import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from artists.models import Artist
from shop.basket.services import add_to_cart
from shop.marketplace.models import Payout, PayoutBatch
from shop.marketplace.payouts import mark_payout, run_payout_batch
from shop.order.fulfilment import PAID, PENDING_PAYMENT, SHIPPED, cancel_order, expire_unpaid_orders, move_line
from shop.order.services import NoLongerAvailable, place_order
from shop.payment import gateway
from shop.payment.services import start_payment

from . import content
from .timeline import PAYOUT_AT, PlannedOrder, Step, plan

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
OrderNote = get_model("order", "OrderNote")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")
User = get_user_model()

NOTE_TYPE = "Demo history"  # an order's note of this type holds its key: how a second run finds it
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
TRACKING_URL = "https://www.royalmail.com/track-your-item#/tracking-results/{}"


@contextmanager
def quietly():
    """The history's hundreds of emails go nowhere, and its routine logs stay unprinted.

    Tasks run at once, so no email task is left in a database queue for a worker to print (`make
    serve`); both the queueing and the delivery backends are Django's in-memory one. INFO logs (a
    Stripe call, a task, an email: several per step under production settings) are held back while
    it runs; warnings and errors still show.
    """
    held_back = logging.root.manager.disable
    kept = len(getattr(mail, "outbox", []))
    logging.disable(logging.INFO)
    try:
        with override_settings(
            EMAIL_BACKEND=LOCMEM,
            EMAIL_DELIVERY_BACKEND=LOCMEM,
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            yield
    finally:
        logging.disable(held_back)
        if hasattr(mail, "outbox"):  # the in-memory backend's list: nothing of the history stays in it
            del mail.outbox[kept:]


def history_missing() -> bool:
    """True when the history could be written (a fake Stripe is in use) and has not been started.

    Once it has placed an order it counts as there; `load_demo_data` without `--skip-if-loaded`
    (`make demo`) completes whatever an interrupted first run left undone.
    """
    return gateway.uses_localstripe() and not OrderNote.objects.filter(note_type=NOTE_TYPE).exists()


class HistoryRefused(Exception):
    """The history cannot be written here (inside a transaction); the command says why."""


class DemoHistory:
    """Write the demo's past through the real services, step by step, each at its own moment."""

    def __init__(self, log=lambda message: None):
        self.log = log

    def run(self) -> dict:
        if not gateway.uses_localstripe():
            # A real Stripe account (even a test one) must not fill with made-up charges.
            self.log("No fake Stripe (STRIPE_API_BASE) in use: the demo history was not written.")
            return {"orders": 0, "orders_created": 0, "seconds": 0.0, "skipped": True}
        if connection.in_atomic_block:
            raise HistoryRefused(
                "The demo history commits step by step (refunds follow commits): run it outside a transaction."
            )
        started = time.perf_counter()
        orders, steps = plan()
        self.planned = {order.key: order for order in orders}
        self.users = {
            user.username: user
            for user in User.objects.filter(username__in=[buyer["username"] for buyer in content.BUYERS] + ["admin"])
        }
        self.artists = {artist.user.username: artist for artist in Artist.objects.select_related("user")}
        self.products = {product.upc: product for product in Product.objects.filter(upc__startswith="DEMO-")}
        self.orders = {
            note.message: note.order for note in OrderNote.objects.filter(note_type=NOTE_TYPE).select_related("order")
        }
        known = len(self.orders)
        self.anchor = anchor = self.anchor_day(orders)
        with quietly():
            for step in steps:
                if step.at.days_ago < 1:
                    continue  # later than the anchor day: still to come
                with time_machine.travel(step.at.on(anchor), tick=False):
                    getattr(self, step.action)(step)
        seconds = time.perf_counter() - started
        created = len(self.orders) - known
        self.log(f"Demo history: {len(self.orders)} orders ({created} new) in {seconds:.1f} s")
        return {"orders": len(self.orders), "orders_created": created, "seconds": seconds, "skipped": False}

    def anchor_day(self, orders: list[PlannedOrder]):
        """The first run's date, read back from an order it placed; today on a first run."""
        for planned in orders:
            order = self.orders.get(planned.key)
            if order is not None:
                return timezone.localdate(order.date_placed) + timedelta(days=planned.placed.days_ago)
        return timezone.localdate()

    def order_in(self, key: str, *statuses):
        order = self.orders.get(key)
        if order is None:
            return None
        order.refresh_from_db()
        return order if order.status in statuses else None

    # --- the steps -----------------------------------------------------------------------------

    def place(self, step: Step) -> None:
        if step.key in self.orders:
            return
        planned = self.planned[step.key]
        buyer = self.users.get(planned.buyer)
        if buyer is None or any(upc not in self.products for upc, __ in planned.items):
            self.log(f"{step.key}: its buyer or artworks are missing; skipped")
            return
        spec = next(spec for spec in content.BUYERS if spec["username"] == planned.buyer)
        address = {
            **spec["address"],
            "first_name": buyer.first_name,
            "last_name": buyer.last_name,
            "country": Country.objects.get(iso_3166_1_a2=spec["address"]["country"]),
        }
        try:
            with transaction.atomic():
                basket = Basket.objects.create(owner=buyer)  # not the buyer's cart: whatever is in it stays
                basket.strategy = Selector().strategy(user=buyer)
                for upc, quantity in planned.items:
                    add_to_cart(basket=basket, product=self.products[upc], quantity=quantity)
                order = place_order(user=buyer, basket=basket, shipping_address=address, shipping_method=planned.method)
                OrderNote.objects.create(order=order, note_type=NOTE_TYPE, message=step.key)
        except (ValidationError, NoLongerAvailable) as refused:  # sold since (a developer's own order)
            self.log(f"{step.key}: {refused}; skipped")
            return
        self.orders[step.key] = order

    def pay(self, step: Step, payment_method: str = "pm_card_visa") -> None:
        order = self.order_in(step.key, PENDING_PAYMENT)
        if order is not None:  # the same key again returns the attempt already made
            start_payment(order=order, payer=order.user, idempotency_key=step.key, payment_method=payment_method)

    def abandon(self, step: Step) -> None:
        """The buyer opens the card form (a PaymentIntent is made) and leaves."""
        self.pay(step, payment_method="")

    def expire(self, step: Step) -> None:
        if self.order_in(step.key, PENDING_PAYMENT) is not None:
            expire_unpaid_orders()

    def cancel(self, step: Step) -> None:
        order = self.order_in(step.key, PAID)
        if order is not None:
            cancel_order(order=order, note="Cancelled by the buyer")

    def ship(self, step: Step) -> None:
        self.move(step, "pending", "shipped")

    def deliver(self, step: Step) -> None:
        self.move(step, "shipped", "delivered")

    def move(self, step: Step, before: str, after: str) -> None:
        order = self.order_in(step.key, PAID, SHIPPED)
        artist = self.artists.get(step.artist)
        if order is None or artist is None:
            return
        tracking = {"tracking_code": step.tracking, "tracking_url": TRACKING_URL.format(step.tracking)}
        for line in order.lines.filter(partner__artist=artist, status=before).order_by("pk"):
            move_line(line=line, artist=artist, status=after, **(tracking if step.tracking else {}))

    def payout(self, step: Step) -> None:
        if not PayoutBatch.objects.filter(created_at=timezone.now()).exists():
            run_payout_batch(user=self.users["admin"])

    def payout_paid(self, step: Step) -> None:
        batch_at = PAYOUT_AT.on(self.anchor)
        for payout in Payout.objects.filter(batch__created_at=batch_at, status=Payout.PROCESSING).order_by("pk"):
            mark_payout(payout=payout, status=Payout.PAID, user=self.users["admin"], reference=f"FPS {payout.pk:06d}")
