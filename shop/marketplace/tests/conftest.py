"""Marketplace fixtures: orders paid, delivered and matured the way the shop does it, and each line's entries.

Payments go through the real API and localstripe, deliveries through the artists' `move_line`,
so the ledger is booked by the payment signals exactly as in production.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from artiqo.testing import api_as
from shop.marketplace import terms
from shop.marketplace.models import LedgerEntry
from shop.order.fulfilment import move_line
from shop.payment import services
from shop.payment.models import Payment


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    """Payment ids restart with each test's database, and so do Stripe's idempotency keys: forget them."""
    localstripe.forget_everything()


def pay(order, key: str = "k1", payment_method: str = "pm_card_visa") -> Payment:
    """The buyer pays `order` over the API, as the app does; returns the completed payment."""
    response = api_as(order.user).post(
        f"/api/v1/orders/{order.number}/payments/",
        {"payment_method": payment_method},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "completed", response.json()
    return Payment.objects.get(pk=response.json()["id"])


def charge_quietly(order, key: str = "k1") -> Payment:
    """A charge Stripe has made while we still think the payment pending (its webhook not yet heard)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_settle", lambda payment, intent: None)
        payment = services.start_payment(
            order=order, payer=order.user, idempotency_key=key, payment_method="pm_card_visa"
        )
    payment.refresh_from_db()
    assert payment.status == Payment.PENDING and payment.intent_id
    return payment


def line_of(order, artist):
    return order.lines.get(partner__artist=artist)


def deliver(line) -> None:
    """The line's artist ships it and marks it delivered (now)."""
    artist = line.partner.artist
    move_line(line=line, artist=artist, status="shipped")
    move_line(line=line, artist=artist, status="delivered")


def entries_of(artist, **filters):
    return LedgerEntry.objects.filter(artist=artist, **filters).order_by("pk")


def amounts_by_kind(artist) -> dict[tuple[str, bool], Decimal]:
    """(kind, is_shipping) → summed amount: a compact picture of what one artist was booked."""
    totals: dict[tuple[str, bool], Decimal] = {}
    for entry in entries_of(artist):
        key = (entry.kind, entry.is_shipping)
        totals[key] = totals.get(key, Decimal("0")) + entry.amount
    return totals


@pytest.fixture
def paid_order(two_artist_order, default_terms):
    """Ben's two-artist order, paid by card: Maya's £980 original, two of Theo's £120 prints, £16 delivery."""
    payment = pay(two_artist_order["order"])
    return {**two_artist_order, "payment": payment}


@pytest.fixture
def matured_order(two_artist_order, default_terms):
    """The order paid and delivered in full more than the payout hold ago: every penny of it is available."""
    order = two_artist_order["order"]
    with time_machine.travel(timezone.now() - timedelta(days=default_terms.payout_hold_days + 2), tick=True):
        payment = pay(order)
    with time_machine.travel(timezone.now() - timedelta(days=default_terms.payout_hold_days + 1), tick=True):
        for line in order.lines.order_by("pk"):
            deliver(line)
    return {**two_artist_order, "payment": payment}


@pytest.fixture
def default_terms(admin):
    """The issue's example terms, set explicitly so no test depends on the migration's defaults."""
    return terms.update_settings(
        user=admin,
        default_fee_rate=Decimal("0.15"),
        minimum_fee=Decimal("0.50"),
        payout_hold_days=14,
        minimum_payout=Decimal("20.00"),
    )
