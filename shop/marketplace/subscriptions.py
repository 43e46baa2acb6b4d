"""An artist choosing a plan: buying one, upgrading, downgrading, cancelling, and what the API shows.

The rules, whoever calls (the API, the studio, the demo):
- Every change runs under the artist's row lock, taken first (as the featuring and listing-limit
  services do), and is recorded once per (artist, Idempotency-Key) as a `PlanChange` in the same
  transaction as its effect: the same key and body replay the first answer and touch Stripe no
  more; the same key with another body is an IdempotencyConflict. Concurrent duplicates wait on
  the lock and then find the record, so ten identical requests make one Stripe subscription.
- Free → paid: the artist's Stripe customer is made (or reused), the card becomes its default and
  the subscription starts; its first invoice is charged at once. A refused card changes nothing
  but the remembered customer, and says why.
- Paid → dearer paid: at once; the difference is invoiced and charged now (refused: rolled back).
  Paid → cheaper paid, or → free (cancel): at the period's end (`next_plan`, `cancel_at_period_end`),
  applied by the period-end sweep or Stripe's own events (`subscription_sync`).
- A plan whose listing limit is below the artworks on sale now is refused, with the numbers. Only
  the automatic fall-back to the free plan (cancel, non-payment) may leave an artist over a limit:
  they keep their artworks and cannot add more until under it (`limits`).
"""

import hashlib
import logging

from django.db import transaction

from artists.models import Artist
from shop.payment import billing
from shop.payment.gateway import CardDeclined, GatewayError, InvalidRequest
from shop.payment.services import IdempotencyConflict, request_fingerprint

from .limits import listings_used
from .models import Plan, PlanChange, Subscription
from .plans import current_plan, default_plan, stripe_plan_of
from .subscription_sync import record_invoice

logger = logging.getLogger(__name__)

__all__ = [
    "CardRequired",
    "IdempotencyConflict",
    "PlanRefused",
    "cancel_subscription",
    "change_plan",
    "subscription_state",
]


class PlanRefused(Exception):
    """This change is not allowed now (over the plan's listing limit, a plan no longer offered…): 409."""


class CardRequired(Exception):
    """A paid plan needs a card and none was given or is on file: 400."""


def _live(subscription: Subscription | None) -> bool:
    """A Stripe subscription is running for this row (active or past due)."""
    return bool(subscription and subscription.status != Subscription.CANCELED and subscription.stripe_subscription_id)


# --- changing plan ------------------------------------------------------------------------------


def change_plan(
    *, artist, plan: Plan, idempotency_key: str, payment_method: str = "", card_token: str = ""
) -> Subscription | None:
    """Put `artist` on `plan` (now, or at the period's end for a downgrade); None: on a free plan, no row.

    Raises PlanRefused, IdempotencyConflict, CardRequired, gateway.CardDeclined (nothing changed) or
    gateway.GatewayError (Stripe unreachable: retry with the same key).
    """
    fingerprint = request_fingerprint(plan=plan.code, payment_method=payment_method, card_token=card_token)
    key_digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
    stripe_key = f"artiqo-plan-{artist.pk}-{key_digest}-{fingerprint[:16]}"
    with transaction.atomic():
        artist = Artist.objects.select_for_update().select_related("user").get(pk=artist.pk)
        done = PlanChange.objects.filter(artist=artist, idempotency_key=idempotency_key).first()
        if done is not None:
            if done.request_hash != fingerprint:
                raise IdempotencyConflict("This Idempotency-Key was already used for a different plan change.")
            return Subscription.objects.filter(pk=done.outcome.get("subscription")).first()
        try:
            subscription = _switch(artist, plan, stripe_key, payment_method=payment_method, card_token=card_token)
        except CardDeclined as declined:
            refused = declined  # commit what was kept (the Stripe customer), record no change, then say why
        else:
            PlanChange.objects.create(
                artist=artist,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
                plan=plan,
                outcome={"subscription": subscription.pk if subscription else None, "plan": plan.code},
            )
            return subscription
    raise refused


def _switch(artist, plan: Plan, key: str, *, payment_method: str, card_token: str) -> Subscription | None:
    if not artist.is_approved:
        raise PlanRefused(f"Only approved artists can choose a plan; this account is {artist.get_status_display()}.")
    subscription = Subscription.objects.select_for_update().filter(artist=artist).first()
    on = current_plan(artist)
    if plan.pk == on.pk:
        return _stay(subscription, key)
    if not plan.is_active:
        raise PlanRefused(f"The {plan.name} plan is no longer offered.")
    _check_room(artist, plan)
    if not _live(subscription):
        if plan.is_free:
            return _free_without_stripe(artist, subscription, plan)
        return _start(artist, subscription, plan, key, payment_method=payment_method, card_token=card_token)
    if plan.is_free:
        return _cancel_at_period_end(subscription, key, next_plan=None if plan.is_default else plan)
    if subscription.status == Subscription.PAST_DUE:
        raise PlanRefused("Your last invoice is unpaid: settle it before changing plans.")
    if plan.monthly_price > subscription.plan.monthly_price:
        return _upgrade(subscription, plan, key, payment_method=payment_method, card_token=card_token)
    return _downgrade_at_period_end(subscription, plan, key)


def _check_room(artist, plan: Plan) -> None:
    used = listings_used(artist)
    if plan.listing_limit is not None and used > plan.listing_limit:
        raise PlanRefused(
            f"The {plan.name} plan allows {plan.listing_limit} artworks on sale at once and you have {used}: "
            f"take {used - plan.listing_limit} off sale first, or choose a bigger plan."
        )


def _stay(subscription: Subscription | None, key: str) -> Subscription | None:
    """The plan the artist is already on: undo a pending downgrade or cancellation, else nothing."""
    if not _live(subscription):
        return subscription
    if subscription.cancel_at_period_end:
        billing.set_cancel_at_period_end(subscription.stripe_subscription_id, False, idempotency_key=f"{key}-resume")
    if subscription.cancel_at_period_end or subscription.next_plan_id:
        subscription.cancel_at_period_end, subscription.next_plan = False, None
        subscription.save(update_fields=["cancel_at_period_end", "next_plan", "updated_at"])
    return subscription


def _free_without_stripe(artist, subscription, plan: Plan) -> Subscription | None:
    """From one free plan to another (no Stripe subscription either side)."""
    if plan.is_default:
        if subscription is not None and subscription.status != Subscription.CANCELED:
            subscription.status = Subscription.CANCELED
            subscription.save(update_fields=["status", "updated_at"])
        return subscription
    if subscription is None:
        return Subscription.objects.create(artist=artist, plan=plan, status=Subscription.ACTIVE)
    subscription.plan, subscription.status, subscription.next_plan = plan, Subscription.ACTIVE, None
    subscription.save(update_fields=["plan", "status", "next_plan", "updated_at"])
    return subscription


def _start(artist, subscription, plan: Plan, key: str, *, payment_method: str, card_token: str) -> Subscription:
    """Free → paid: a Stripe subscription whose first invoice is charged now."""
    customer = subscription.stripe_customer_id if subscription else ""
    if not (payment_method or card_token or customer):
        raise CardRequired(f"The {plan.name} plan costs {plan.monthly_price} {plan.currency} a month: give a card.")
    if not customer:
        customer = billing.create_customer(
            email=artist.user.email,
            name=artist.display_name,
            metadata={"artist": str(artist.pk)},
            idempotency_key=f"artiqo-customer-{artist.pk}",
        )
    if subscription is None:
        # Holds the customer even if the card is refused below: a retry reuses it.
        subscription = Subscription.objects.create(
            artist=artist, plan=default_plan(), status=Subscription.CANCELED, stripe_customer_id=customer
        )
    elif subscription.stripe_customer_id != customer:
        subscription.stripe_customer_id = customer
        subscription.save(update_fields=["stripe_customer_id", "updated_at"])
    if payment_method or card_token:
        billing.set_default_card(
            customer, idempotency_key=f"{key}-card", payment_method=payment_method, card_token=card_token
        )
    try:
        started = billing.create_subscription(
            customer_id=customer,
            plan_id=stripe_plan_of(plan),
            metadata={"artist": str(artist.pk), "plan": plan.code},
            idempotency_key=f"{key}-subscribe",
        )
    except InvalidRequest as refused:
        if payment_method or card_token:
            raise
        raise CardRequired("There is no card on file: give one to pay for the plan.") from refused
    subscription.plan, subscription.status = plan, Subscription.ACTIVE
    subscription.stripe_subscription_id = started.id
    subscription.current_period_end = started.current_period_end
    subscription.cancel_at_period_end, subscription.next_plan, subscription.past_due_since = False, None, None
    subscription.save()
    if started.latest_invoice:
        # Best effort: the subscription is running and paid; its webhook or the reconciler records a missed invoice.
        try:
            record_invoice(subscription, billing.retrieve_invoice(started.latest_invoice))
        except GatewayError:
            logger.warning("Invoice %s not recorded yet; the webhook or reconciler will", started.latest_invoice)
    return subscription


def _upgrade(subscription, plan: Plan, key: str, *, payment_method: str, card_token: str) -> Subscription:
    """Paid → dearer paid, now: switch the Stripe plan and charge the difference; refused → switched back."""
    if payment_method or card_token:
        billing.set_default_card(
            subscription.stripe_customer_id,
            idempotency_key=f"{key}-card",
            payment_method=payment_method,
            card_token=card_token,
        )
    before = billing.retrieve_subscription(subscription.stripe_subscription_id)
    changed = billing.change_plan(before, plan_id=stripe_plan_of(plan), idempotency_key=f"{key}-upgrade", prorate=True)
    try:
        invoice = billing.invoice_now(
            customer_id=subscription.stripe_customer_id,
            subscription_id=subscription.stripe_subscription_id,
            idempotency_key=f"{key}-difference",
        )
    except GatewayError:
        # Refused or unreachable: put Stripe back on the plan we still record, so neither the reconciler
        # nor Stripe's next invoice gives the artist a plan nobody paid for.
        try:
            billing.change_plan(
                changed, plan_id=stripe_plan_of(subscription.plan), idempotency_key=f"{key}-undo", prorate=False
            )
        except GatewayError:
            logger.exception("Could not undo the unpaid upgrade of %s at Stripe", subscription.stripe_subscription_id)
        raise
    if before.cancel_at_period_end:
        changed = billing.set_cancel_at_period_end(changed.id, False, idempotency_key=f"{key}-resume")
    subscription.plan, subscription.next_plan, subscription.cancel_at_period_end = plan, None, False
    subscription.current_period_end = changed.current_period_end or subscription.current_period_end
    subscription.save()
    record_invoice(subscription, invoice)
    return subscription


def _downgrade_at_period_end(subscription, plan: Plan, key: str) -> Subscription:
    if subscription.cancel_at_period_end:
        billing.set_cancel_at_period_end(subscription.stripe_subscription_id, False, idempotency_key=f"{key}-resume")
    subscription.next_plan, subscription.cancel_at_period_end = plan, False
    subscription.save(update_fields=["next_plan", "cancel_at_period_end", "updated_at"])
    return subscription


def _cancel_at_period_end(subscription, key: str, *, next_plan: Plan | None) -> Subscription:
    if not subscription.cancel_at_period_end:
        billing.set_cancel_at_period_end(subscription.stripe_subscription_id, True, idempotency_key=f"{key}-cancel")
    subscription.cancel_at_period_end, subscription.next_plan = True, next_plan
    subscription.save(update_fields=["cancel_at_period_end", "next_plan", "updated_at"])
    return subscription


@transaction.atomic
def cancel_subscription(*, artist) -> Subscription:
    """Stop paying at the period's end; the artist is on the free plan after it (keeping their artworks).

    Repeating it changes nothing. Raises PlanRefused when there is no paid subscription to cancel.
    """
    artist = Artist.objects.select_for_update().get(pk=artist.pk)
    subscription = Subscription.objects.select_for_update().filter(artist=artist).first()
    if not _live(subscription):
        raise PlanRefused("You are on the free plan: there is nothing to cancel.")
    key = f"artiqo-cancel-{subscription.stripe_subscription_id}"
    return _cancel_at_period_end(subscription, key, next_plan=None)


# --- what the API and the studio show ----------------------------------------------------------


def subscription_state(artist) -> dict:
    """The artist's plan as the API's `artist/subscription/` gives it."""
    subscription = Subscription.objects.select_related("next_plan").filter(artist=artist).first()
    plan = current_plan(artist)
    live = _live(subscription)
    next_plan = None
    if live and subscription.next_plan is not None:
        next_plan = subscription.next_plan.code
    elif live and subscription.cancel_at_period_end:
        next_plan = default_plan().code
    try:
        from .featuring import credits_left
    except ImportError:
        credits = plan.featured_credits
    else:
        credits = credits_left(artist)
    return {
        "plan": plan.code,
        "plan_name": plan.name,
        "status": subscription.status if subscription and subscription.stripe_subscription_id else "active",
        "current_period_end": subscription.current_period_end if live else None,
        "cancel_at_period_end": bool(live and subscription.cancel_at_period_end),
        "listings_used": listings_used(artist),
        "listing_limit": plan.listing_limit,
        "featured_credits_left": credits,
        "next_plan": next_plan,
    }
