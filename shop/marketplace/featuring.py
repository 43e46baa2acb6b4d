"""Featuring an artwork: with a plan credit, by paying the featuring fee, or editorially (admins).

The rules, whoever calls (the API, the studio, webhooks, the sweep):
- Every request takes the artist's row lock first. Under it the credits left this month are
  counted and spent, and the request's row is found or made: one FeaturedListing per
  (requester, Idempotency-Key), so the same key and body give the same listing and the same key
  with another body is an IdempotencyConflict. Concurrent requests cannot spend a credit twice.
- A fee is a PaymentIntent created under the *listing's* row lock with a key derived from the
  listing's id (like order payments), so concurrent retries of one key make one intent, one charge.
- Stripe's record decides: settling re-fetches the intent and moves the listing forward only
  (pending → active | failed, failed → active). The fee is booked as PlatformRevenue once (its
  source is unique); a refund ends the listing and books the negative once.
- "Featured now" is never decided here: `shop.catalogue.discovery.featured` owns that definition.
An already featured artwork is refused (409 "already featured until …"), not extended: a second
paid featuring would overlap the first and buy nothing.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from artists.models import Artist
from shop.catalogue.discovery.featured import is_featured_map
from shop.catalogue.listing import catalogue_changed
from shop.payment import gateway
from shop.payment.services import IdempotencyConflict, request_fingerprint

from .models import FeaturedListing, MarketplaceSettings, PlatformRevenue
from .plans import current_plan

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)

MIN_DAYS, MAX_DAYS = 1, 90
# A paid request still unpaid after this long no longer blocks another request for the artwork,
# and the sweep stops its intent from ever charging.
PENDING_HOLD = timedelta(minutes=60)

__all__ = [
    "FeaturingInvalid",
    "FeaturingRefused",
    "IdempotencyConflict",
    "credits_left",
    "end_expired",
    "feature_artwork",
    "feature_editorially",
    "unfeature",
]


class FeaturingInvalid(ValueError):
    """The request itself is wrong (days out of range, no reason given): the API answers 400."""


class FeaturingRefused(Exception):
    """The artwork cannot be featured now (not live, sold out, already featured…): the API answers 409."""


# --- credits ------------------------------------------------------------------------------------


def month_bounds(now=None):
    """The calendar month around `now` in TIME_ZONE, as aware [start, end)."""
    start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, timezone.make_aware(following.replace(tzinfo=None), start.tzinfo)


def credits_used(artist, now=None) -> int:
    start, end = month_bounds(now)
    return FeaturedListing.objects.filter(
        artist=artist, paid_with=FeaturedListing.CREDIT, starts_at__gte=start, starts_at__lt=end
    ).count()


def credits_left(artist, now=None) -> int:
    """The plan's featured credits this calendar month, less those already spent (never below 0)."""
    return max(0, current_plan(artist).featured_credits - credits_used(artist, now))


def featuring_terms() -> tuple[Decimal, int]:
    """The fee and the default length, as admins set them."""
    terms = MarketplaceSettings.load()
    return terms.featuring_fee, terms.featuring_days


# --- requests -----------------------------------------------------------------------------------


def feature_artwork(
    *, artwork, user, idempotency_key: str, days=None, payment_method: str = "", card_token: str = ""
) -> FeaturedListing:
    """Feature the caller's own live artwork: a plan credit if one is left this month, else the fee.

    With `payment_method` (API) or `card_token` (Stripe.js in the studio) the fee is charged here;
    with neither the listing waits with a client secret for the client to confirm. A declined card
    is a `failed` listing, not an exception. Raises FeaturingInvalid, FeaturingRefused,
    IdempotencyConflict, or gateway.GatewayError (Stripe unreachable: nothing charged, nothing
    featured; retrying with the same key resumes).
    """
    days = _checked_days(days)
    fingerprint = request_fingerprint(
        artwork=artwork.pk, days=days, payment_method=payment_method, card_token=card_token
    )
    listing = _record_request(artwork, user, idempotency_key, fingerprint, days)
    if listing.status == FeaturedListing.PENDING_PAYMENT:
        listing = _open_intent(listing.pk, payment_method=payment_method, card_token=card_token)
    return listing


def _checked_days(days) -> int:
    if days is None:
        return featuring_terms()[1]
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise FeaturingInvalid(f"Days is a whole number from {MIN_DAYS} to {MAX_DAYS}.") from None
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise FeaturingInvalid(f"Days is a whole number from {MIN_DAYS} to {MAX_DAYS}.")
    return days


def _lock_artist(artist_id: int | None) -> Artist:
    """The one lock every featuring write takes first: an artist's credits and requests take turns."""
    if artist_id is None:
        raise FeaturingRefused("Only an artist's artwork can be featured.")
    return Artist.objects.select_for_update().get(pk=artist_id)


def _check_featurable(artwork) -> None:
    """Live, in stock and not featured now (read after the artist's lock, so it is current)."""
    artwork = Product.objects.get(pk=artwork.pk)
    if not artwork.is_live:
        raise FeaturingRefused("Only a live artwork can be featured: publish it (or ask why it was hidden) first.")
    if artwork.units_left <= 0:
        raise FeaturingRefused("This artwork is sold out: there is nothing to feature.")
    if is_featured_map([artwork.pk]):
        until = (
            FeaturedListing.objects.running(timezone.now())
            .filter(artwork=artwork)
            .order_by("-ends_at")
            .values_list("ends_at", flat=True)
            .first()
        )
        raise FeaturingRefused(f"This artwork is already featured until {timezone.localtime(until):%d %b %Y %H:%M}.")


@transaction.atomic
def _record_request(artwork, user, idempotency_key: str, fingerprint: str, days: int) -> FeaturedListing:
    artist = _lock_artist(artwork.artist_id)
    existing = FeaturedListing.objects.filter(requested_by=user, idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.request_hash != fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was already used for a different request.")
        return existing
    if artist.user_id != user.pk:
        raise FeaturingRefused("Only the artist who made an artwork can feature it.")
    _check_featurable(artwork)
    now = timezone.now()
    pending = FeaturedListing.objects.filter(
        artwork=artwork, status=FeaturedListing.PENDING_PAYMENT, created_at__gt=now - PENDING_HOLD
    )
    if pending.exists():
        raise FeaturingRefused("A featuring payment for this artwork is already under way.")
    fee, _ = featuring_terms()
    fields = {"artwork": artwork, "artist": artist, "requested_by": user, "days": days}
    fields.update(idempotency_key=idempotency_key, request_hash=fingerprint)
    if credits_left(artist, now) > 0:
        listing = FeaturedListing.objects.create(paid_with=FeaturedListing.CREDIT, **_running_from(now, days), **fields)
        catalogue_changed()
        return listing
    if fee <= 0:  # the admins made featuring free
        listing = FeaturedListing.objects.create(
            paid_with=FeaturedListing.PAYMENT,
            amount=Decimal("0.00"),
            currency=settings.OSCAR_DEFAULT_CURRENCY,
            **_running_from(now, days),
            **fields,
        )
        catalogue_changed()
        return listing
    try:
        with transaction.atomic():
            return FeaturedListing.objects.create(
                paid_with=FeaturedListing.PAYMENT, amount=fee, currency=settings.OSCAR_DEFAULT_CURRENCY, **fields
            )
    except IntegrityError:  # the same key for another artwork, racing us (the artist's lock makes it rare)
        raise IdempotencyConflict("This Idempotency-Key was already used for a different request.") from None


def _running_from(now, days: int) -> dict:
    return {"status": FeaturedListing.ACTIVE, "starts_at": now, "ends_at": now + timedelta(days=days)}


@transaction.atomic
def feature_editorially(*, artwork, admin, days=None) -> FeaturedListing:
    """An admin features any live, in-stock artwork for free: no credit, no fee."""
    days = _checked_days(days)
    artist = _lock_artist(artwork.artist_id)
    _check_featurable(artwork)
    listing = FeaturedListing.objects.create(
        artwork=artwork,
        artist=artist,
        requested_by=admin,
        paid_with=FeaturedListing.EDITORIAL,
        days=days,
        **_running_from(timezone.now(), days),
    )
    catalogue_changed()
    return listing


def unfeature(*, artwork, by, reason: str) -> list[FeaturedListing]:
    """End the artwork's running listings now (an admin's decision, with the reason kept).

    `featuring_payments.unfeature_and_refund` also gives a paid listing's fee back.
    Raises FeaturingInvalid without a reason, FeaturingRefused when nothing runs.
    """
    reason = (reason or "").strip()
    if not reason:
        raise FeaturingInvalid("Say why the artwork stops being featured.")
    with transaction.atomic():
        _lock_artist(artwork.artist_id)
        now = timezone.now()
        running = list(FeaturedListing.objects.running(now).filter(artwork=artwork).select_for_update().order_by("pk"))
        if not running:
            raise FeaturingRefused("This artwork is not featured.")
        for listing in running:
            _end(listing, f"{reason} ({by})"[:255], now)
        catalogue_changed()
    return running


def _end(listing: FeaturedListing, reason: str, now) -> None:
    listing.status, listing.ended_at, listing.end_reason = FeaturedListing.ENDED, now, reason[:255]
    listing.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])


def end_expired(now=None) -> int:
    """Mark listings past their end as ended: the query-time rule already hides them; this keeps the table true."""
    now = now or timezone.now()
    ended = FeaturedListing.objects.filter(status=FeaturedListing.ACTIVE, ends_at__lte=now).update(
        status=FeaturedListing.ENDED, ended_at=now, end_reason="Expired", updated_at=now
    )
    if ended:
        catalogue_changed()
    return ended


# --- paying the fee -----------------------------------------------------------------------------


@transaction.atomic
def _open_intent(listing_id: int, *, payment_method: str, card_token: str) -> FeaturedListing:
    # Under the listing's lock: concurrent retries of one key wait here, then find the intent made.
    listing = FeaturedListing.objects.select_for_update().get(pk=listing_id)
    if listing.intent_id or listing.status != FeaturedListing.PENDING_PAYMENT:
        return listing
    try:
        intent = gateway.create_intent(
            amount=listing.amount,
            currency=listing.currency,
            idempotency_key=listing.stripe_key("create"),
            metadata={"featuring": str(listing.pk), "artwork": str(listing.artwork_id)},
            payment_method=payment_method,
        )
    except gateway.InvalidRequest as refused:  # an unknown payment method: this request cannot succeed
        fail(listing, str(refused))
        return listing
    listing.intent_id, listing.client_secret = intent.id, intent.client_secret
    listing.save(update_fields=["intent_id", "client_secret", "updated_at"])
    if payment_method or card_token:
        _confirm(listing, card_token=card_token)
    return listing


def _confirm(listing: FeaturedListing, *, card_token: str = "") -> None:
    try:
        intent = gateway.confirm_intent(
            listing.intent_id, idempotency_key=listing.stripe_key("confirm"), card_token=card_token
        )
    except gateway.InvalidRequest as refused:
        fail(listing, str(refused))
        return
    except gateway.GatewayError as error:
        # Unknown outcome: stay pending; the webhook or the sweep settles it from Stripe's record.
        logger.warning("Confirming featuring %s failed: %s", listing.pk, error)
        return
    # The bank wants 3-D Secure: the artist's browser finishes with Stripe.js and the client secret.
    listing.awaiting_authentication = intent.status == "requires_action"
    settle(listing, intent)


def settle(listing: FeaturedListing, intent: gateway.Intent) -> None:
    """Apply a PaymentIntent's state to its locked listing, forward only."""
    if intent.succeeded:
        _activate(listing)
    elif intent.failed:
        fail(listing, intent.failure_reason or "The payment was cancelled.")


def fail(listing: FeaturedListing, reason: str) -> None:
    if listing.status == FeaturedListing.PENDING_PAYMENT:
        listing.status, listing.failure_reason = FeaturedListing.FAILED, reason[:255]
        listing.save(update_fields=["status", "failure_reason", "updated_at"])


def _activate(listing: FeaturedListing) -> None:
    """The fee is taken: the featuring runs from now for its days, and the revenue is booked once.

    It starts even if the artwork sold out meanwhile: "featured now" then simply does not show it.
    """
    if listing.status not in (FeaturedListing.PENDING_PAYMENT, FeaturedListing.FAILED):
        return
    now = timezone.now()
    for name, value in {**_running_from(now, listing.days), "failure_reason": ""}.items():
        setattr(listing, name, value)
    listing.save(update_fields=["status", "starts_at", "ends_at", "failure_reason", "updated_at"])
    book_revenue(listing, listing.amount, source=f"featuring:{listing.pk}", description="Featuring fee", at=now)
    catalogue_changed()


def book_revenue(listing: FeaturedListing, amount: Decimal, *, source: str, description: str, at) -> bool:
    """One PlatformRevenue row per source: a repeat (a redelivered webhook, a retry) books nothing."""
    if PlatformRevenue.objects.filter(source=source).exists():
        return False
    try:
        with transaction.atomic():
            PlatformRevenue.objects.create(
                kind=PlatformRevenue.FEATURING,
                amount=amount,
                currency=listing.currency,
                source=source,
                artist_id=listing.artist_id,
                featured_listing=listing,
                description=description,
                booked_at=at,
            )
    except IntegrityError:
        return False
    return True
