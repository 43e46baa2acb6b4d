"""Featuring fees after the request: settling from Stripe's record, refunds, webhooks and the sweep.

Everything here works on one listing under its row lock and re-reads Stripe instead of trusting
an event's body, so a webhook, the sweep and a page asking at once settle a listing once. The
payment app hands us PaymentIntents that are not order payments (`register_intent_owner`) and
`charge.refunded` events; `register_webhooks()` is called once from the app's ready().
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shop.catalogue.listing import catalogue_changed
from shop.payment import gateway, webhooks

from .featuring import PENDING_HOLD, book_revenue, end_expired, fail, settle, unfeature
from .models import FeaturedListing

logger = logging.getLogger(__name__)


def sync_listing(listing: FeaturedListing) -> FeaturedListing:
    """Fetch the listing's PaymentIntent and apply its state (webhooks, the sweep, the studio's poll)."""
    with transaction.atomic():
        listing = FeaturedListing.objects.select_for_update().get(pk=listing.pk)
        if listing.intent_id and listing.status in (FeaturedListing.PENDING_PAYMENT, FeaturedListing.FAILED):
            settle(listing, gateway.retrieve_intent(listing.intent_id))
    return listing


# --- refunds ------------------------------------------------------------------------------------


def unfeature_and_refund(*, artwork, by, reason: str) -> list[FeaturedListing]:
    """`featuring.unfeature`, then the fee of each paid listing it ended is refunded (and its revenue reversed).

    The featuring ends first and stays ended if Stripe cannot refund now (GatewayError): retrying
    the refund is safe, its key is derived from the listing.
    """
    ended = unfeature(artwork=artwork, by=by, reason=reason)
    for listing in ended:
        if listing.paid_with == FeaturedListing.PAYMENT:
            refund_listing(listing, reason=reason)
    return ended


def refund_listing(listing: FeaturedListing, *, reason: str) -> FeaturedListing:
    """Give the featuring fee back (an admin's decision): the listing ends and −fee is booked, once.

    Stripe's refund key is derived from the listing, so a retry after a lost answer refunds once.
    """
    with transaction.atomic():
        listing = FeaturedListing.objects.select_for_update().get(pk=listing.pk)
        if not _refundable(listing):
            return listing
        refund = gateway.refund(
            listing.intent_id,
            amount=listing.amount,
            currency=listing.currency,
            idempotency_key=listing.stripe_key("refund"),
        )
        _record_refund(listing, refund.id, listing.amount, f"Refunded: {reason}")
    return listing


def _refundable(listing: FeaturedListing) -> bool:
    return (
        listing.paid_with == FeaturedListing.PAYMENT
        and bool(listing.intent_id)
        and not listing.refund_id
        and (listing.amount or 0) > 0
        and listing.status in (FeaturedListing.ACTIVE, FeaturedListing.ENDED)
    )


def notice_refunds(listing: FeaturedListing) -> FeaturedListing:
    """A refund made at Stripe (its dashboard, a dispute): read Stripe's refunds and end the featuring."""
    with transaction.atomic():
        listing = FeaturedListing.objects.select_for_update().get(pk=listing.pk)
        if not _refundable(listing):
            return listing
        refunds = [refund for refund in gateway.refunds_of(listing.intent_id) if refund.status == "succeeded"]
        if refunds:
            refunded = gateway.from_minor_units(sum(refund.amount for refund in refunds), listing.currency)
            _record_refund(listing, refunds[0].id, min(refunded, listing.amount), "Refunded at Stripe")
    return listing


def _record_refund(listing: FeaturedListing, refund_id: str, amount: Decimal, reason: str) -> None:
    now = timezone.now()
    listing.refund_id = refund_id
    fields = ["refund_id", "updated_at"]
    if listing.status == FeaturedListing.ACTIVE:
        listing.status, listing.ended_at, listing.end_reason = FeaturedListing.ENDED, now, reason[:255]
        fields += ["status", "ended_at", "end_reason"]
        catalogue_changed()
    listing.save(update_fields=fields)
    book_revenue(
        listing, -amount, source=f"featuring:{listing.pk}/refund", description="Featuring fee refunded", at=now
    )


# --- webhooks -----------------------------------------------------------------------------------


def settle_featuring_intent(intent_id, record) -> bool:
    """The payment app's intent owner: True (and settled) if the intent pays for a featuring."""
    if not isinstance(intent_id, str) or not intent_id:
        return False
    listing = FeaturedListing.objects.filter(intent_id=intent_id).first()
    if listing is None:
        return False
    sync_listing(listing)
    return True


def featuring_charge_refunded(event: dict, record) -> None:
    """charge.refunded: if the charge paid a featuring fee, end the featuring from Stripe's refunds."""
    charge = (event.get("data") or {}).get("object") or {}
    intent_id = charge.get("payment_intent")
    if not isinstance(intent_id, str) or not intent_id:
        return
    listing = FeaturedListing.objects.filter(intent_id=intent_id).first()
    if listing is not None:
        notice_refunds(listing)


def register_webhooks() -> None:
    """Called from MarketplaceConfig.ready(): featuring fees settle through the one webhook endpoint."""
    webhooks.register_intent_owner(settle_featuring_intent)
    webhooks.register("charge.refunded", featuring_charge_refunded)


# --- the sweep ----------------------------------------------------------------------------------


def reconcile_featuring(*, older_than: timedelta | None = None, now=None) -> dict:
    """Settle featuring fees whose webhook never came, and stop long-abandoned ones from ever charging.

    Each listing is settled in its own transaction; one Stripe cannot answer for stops no other.
    """
    if older_than is None:
        older_than = timedelta(minutes=settings.PAYMENT_RECONCILE_AFTER_MINUTES)
    now = now or timezone.now()
    outcomes = {"active": 0, "failed": 0, "pending": 0, "errors": 0}
    waiting = FeaturedListing.objects.filter(status=FeaturedListing.PENDING_PAYMENT, updated_at__lte=now - older_than)
    for listing in waiting.order_by("pk"):
        try:
            settled = _reconcile_one(listing, abandoned=listing.created_at <= now - PENDING_HOLD)
        except gateway.GatewayError as error:
            logger.warning("Reconciling featuring %s failed: %s", listing.pk, error)
            outcomes["errors"] += 1
            continue
        key = {FeaturedListing.ACTIVE: "active", FeaturedListing.FAILED: "failed"}.get(settled.status, "pending")
        outcomes[key] += 1
    return outcomes


@transaction.atomic
def _reconcile_one(listing: FeaturedListing, *, abandoned: bool) -> FeaturedListing:
    listing = FeaturedListing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != FeaturedListing.PENDING_PAYMENT:
        return listing
    if not listing.intent_id:  # Stripe was down when it was asked, and the client gave up
        if abandoned:
            fail(listing, "The payment never reached Stripe.")
        return listing
    settle(listing, gateway.retrieve_intent(listing.intent_id))
    if listing.status == FeaturedListing.PENDING_PAYMENT and abandoned:
        # Never confirmed: cancel it so it cannot charge later (charged meanwhile? settle activates it).
        settle(listing, gateway.cancel_intent(listing.intent_id, idempotency_key=listing.stripe_key("cancel")))
    return listing


def featuring_sweep(now=None) -> dict:
    """The scheduled job: end expired listings, then settle unheard featuring fees."""
    return {"ended": end_expired(now), **reconcile_featuring(now=now)}
