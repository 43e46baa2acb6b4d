"""Keeping our subscriptions true to Stripe: its webhooks, the reconciler, and the two sweeps.

- Webhooks (`invoice.paid`/`invoice.payment_succeeded`, `invoice.payment_failed`,
  `customer.subscription.updated/deleted`) arrive through the payment app's verified,
  deduplicated endpoint. Each handler re-fetches the invoice and the subscription from Stripe and
  applies what Stripe says *now*, so events arriving late, twice or out of order do no harm.
- An invoice paid is recorded and booked as platform revenue once (`PlatformRevenue.source` is
  unique: "invoice:<id>"). A failed one makes the subscription past due and emails the artist once.
- `end_grace_periods`: past due for SUBSCRIPTION_GRACE_DAYS → the Stripe subscription is cancelled
  and the artist is back on the free plan. `apply_period_ends`: downgrades and cancellations whose
  period has ended take effect (Stripe is told, if it has not acted itself).
- `reconcile_subscriptions`: every subscription with a Stripe id is re-fetched and mirrored, and
  paid invoices we never heard of are recorded, so a lost webhook cannot leave an artist on a plan
  they do not pay for, or off one they do.
All writers take the artist's row lock first, then the subscription's, like the plan services.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from artists.models import Artist
from shop.payment import billing
from shop.payment.gateway import GatewayError, InvalidRequest, from_minor_units

from .emails import grace_days, send_past_due_email
from .models import PlatformRevenue, Subscription, SubscriptionInvoice
from .plans import plan_by_stripe_id

logger = logging.getLogger(__name__)

ENDED = {"canceled", "incomplete_expired"}
OVERDUE = {"past_due", "unpaid"}
RUNNING = {"active", "trialing"}


def _locked(subscription_pk: int) -> Subscription:
    artist_id = Subscription.objects.filter(pk=subscription_pk).values_list("artist_id", flat=True).get()
    Artist.objects.select_for_update().only("pk").get(pk=artist_id)
    return Subscription.objects.select_for_update().select_related("plan", "artist").get(pk=subscription_pk)


def _ours(stripe_subscription_id: str) -> Subscription | None:
    if not stripe_subscription_id:
        return None
    found = Subscription.objects.filter(stripe_subscription_id=stripe_subscription_id).values_list("pk", flat=True)
    return _locked(found[0]) if found else None


# --- invoices and revenue ----------------------------------------------------------------------


def record_invoice(subscription: Subscription, invoice: billing.StripeInvoice, *, failed: bool = False):
    """Our copy of a Stripe invoice (a paid one is never un-paid); a paid one books revenue once.

    Returns (row, status before): the caller tells a first failure from a repeated one.
    """
    if invoice.paid:
        status = SubscriptionInvoice.PAID
    elif invoice.status in ("void", "uncollectible"):
        status = SubscriptionInvoice.VOID
    else:
        status = SubscriptionInvoice.FAILED if failed else SubscriptionInvoice.OPEN
    amount = from_minor_units(invoice.amount_paid if invoice.paid else invoice.amount_due, invoice.currency)
    row = SubscriptionInvoice.objects.filter(stripe_invoice_id=invoice.id).first()
    before = row.status if row else None
    if row is None:
        row = SubscriptionInvoice.objects.create(
            subscription=subscription,
            plan=plan_by_stripe_id(invoice.plan_id) or subscription.plan,
            stripe_invoice_id=invoice.id,
            amount=amount,
            currency=invoice.currency or subscription.plan.currency,
            status=status,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            paid_at=(invoice.paid_at or timezone.now()) if invoice.paid else None,
        )
    elif row.status != SubscriptionInvoice.PAID and row.status != status:
        row.status, row.amount = status, amount
        if invoice.paid:
            row.paid_at = invoice.paid_at or timezone.now()
        row.save(update_fields=["status", "amount", "paid_at"])
    if row.status == SubscriptionInvoice.PAID:
        _book_revenue(subscription, row)
    return row, before


def _book_revenue(subscription: Subscription, row: SubscriptionInvoice) -> None:
    source = f"invoice:{row.stripe_invoice_id}"
    if row.amount <= 0 or PlatformRevenue.objects.filter(source=source).exists():
        return
    try:
        with transaction.atomic():
            PlatformRevenue.objects.create(
                kind=PlatformRevenue.SUBSCRIPTION,
                amount=row.amount,
                currency=row.currency,
                source=source,
                artist_id=subscription.artist_id,
                invoice=row,
                description=f"{row.plan or subscription.plan} plan",
                booked_at=row.paid_at or timezone.now(),
            )
    except IntegrityError:
        pass  # booked meanwhile (the source is unique): once is what we want


# --- mirroring Stripe --------------------------------------------------------------------------


def mirror(subscription: Subscription, stripe: billing.StripeSubscription) -> Subscription:
    """Apply Stripe's state of the subscription to our (locked) row."""
    if stripe.id != subscription.stripe_subscription_id:
        return subscription
    if stripe.status in ENDED:
        if subscription.status != Subscription.CANCELED:
            fall_back_to_free(subscription)
        return subscription
    plan = plan_by_stripe_id(stripe.plan_id)
    if plan is not None and plan.pk != subscription.plan_id:
        subscription.plan = plan
        if subscription.next_plan_id == plan.pk:
            subscription.next_plan = None
    subscription.current_period_end = stripe.current_period_end or subscription.current_period_end
    subscription.cancel_at_period_end = stripe.cancel_at_period_end
    unpaid = subscription.invoices.filter(status=SubscriptionInvoice.FAILED).exists()
    if stripe.status in OVERDUE or (stripe.status in RUNNING and unpaid):
        # localstripe never marks a subscription past due; a failed invoice we recorded says so.
        subscription.past_due_since = subscription.past_due_since or timezone.now()
        subscription.status = Subscription.PAST_DUE
    elif stripe.status in RUNNING:
        subscription.status, subscription.past_due_since = Subscription.ACTIVE, None
    subscription.save()
    return subscription


def fall_back_to_free(subscription: Subscription) -> None:
    """The subscription has ended: the artist is on the free plan (keeping their artworks)."""
    subscription.status = Subscription.CANCELED
    subscription.cancel_at_period_end, subscription.next_plan, subscription.past_due_since = False, None, None
    subscription.save()
    # Unpaid invoices of an ended subscription will not be collected.
    subscription.invoices.filter(status__in=[SubscriptionInvoice.FAILED, SubscriptionInvoice.OPEN]).update(
        status=SubscriptionInvoice.VOID
    )


# --- webhooks ----------------------------------------------------------------------------------


def _object_id(event: dict) -> str:
    value = ((event.get("data") or {}).get("object") or {}).get("id")
    return value if isinstance(value, str) else ""


def _fetch_invoice(invoice_id: str) -> billing.StripeInvoice | None:
    """Stripe's invoice now; None if Stripe has no such invoice (not ours). Stripe unreachable: raised, retried."""
    if not invoice_id:
        return None
    try:
        return billing.retrieve_invoice(invoice_id)
    except InvalidRequest:
        return None


def on_invoice_paid(event: dict, record) -> None:
    """invoice.paid / invoice.payment_succeeded: record it, book it, renew from Stripe's subscription."""
    invoice = _fetch_invoice(_object_id(event))
    subscription = _ours(invoice.subscription) if invoice else None
    if subscription is None:
        return  # not an artist plan (another integration on the account)
    record_invoice(subscription, invoice)
    mirror(subscription, billing.retrieve_subscription(subscription.stripe_subscription_id))


def on_invoice_failed(event: dict, record) -> None:
    """invoice.payment_failed: past due from now, and the artist told once per invoice."""
    invoice = _fetch_invoice(_object_id(event))
    subscription = _ours(invoice.subscription) if invoice else None
    if subscription is None:
        return
    row, before = record_invoice(subscription, invoice, failed=not invoice.paid)
    mirror(subscription, billing.retrieve_subscription(subscription.stripe_subscription_id))
    if row.status == SubscriptionInvoice.FAILED and before != SubscriptionInvoice.FAILED:
        transaction.on_commit(lambda: send_past_due_email.enqueue(row.pk))


def on_subscription_changed(event: dict, record) -> None:
    """customer.subscription.updated / deleted: mirror Stripe's current state."""
    subscription = _ours(_object_id(event))
    if subscription is not None:
        try:
            stripe = billing.retrieve_subscription(subscription.stripe_subscription_id)
        except InvalidRequest:
            return  # Stripe has no such subscription any more: the reconciler's business, not a retry's
        mirror(subscription, stripe)


HANDLERS = {
    "invoice.paid": on_invoice_paid,
    "invoice.payment_succeeded": on_invoice_paid,
    "invoice.payment_failed": on_invoice_failed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
}


# --- sweeps and the reconciler -----------------------------------------------------------------


def end_grace_periods(now=None) -> int:
    """Past due for longer than the grace: cancel at Stripe, back to the free plan. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=grace_days())
    ended = 0
    due = Subscription.objects.filter(status=Subscription.PAST_DUE, past_due_since__lte=cutoff)
    for pk in due.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                subscription = _locked(pk)
                if subscription.status != Subscription.PAST_DUE or subscription.past_due_since > cutoff:
                    continue
                if subscription.stripe_subscription_id:
                    billing.cancel_now(
                        subscription.stripe_subscription_id,
                        idempotency_key=f"artiqo-grace-{subscription.stripe_subscription_id}",
                    )
                fall_back_to_free(subscription)
                ended += 1
        except GatewayError:
            logger.warning("Could not cancel the overdue subscription %s; the next sweep retries", pk)
    return ended


def apply_period_ends(now=None) -> int:
    """Downgrades and cancellations whose period has ended take effect. Returns how many."""
    now = now or timezone.now()
    applied = 0
    pending = Subscription.objects.exclude(status=Subscription.CANCELED).filter(current_period_end__lte=now)
    pending = pending.filter(cancel_at_period_end=True) | pending.filter(next_plan__isnull=False)
    for pk in pending.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                subscription = _locked(pk)
                if _apply_period_end(subscription, now):
                    applied += 1
        except GatewayError:
            logger.warning("Could not apply the period end of subscription %s; the next sweep retries", pk)
    return applied


def _apply_period_end(subscription: Subscription, now) -> bool:
    from .plans import stripe_plan_of

    if subscription.status == Subscription.CANCELED or not subscription.current_period_end:
        return False
    if subscription.current_period_end > now:
        return False
    stripe_id = subscription.stripe_subscription_id
    target = subscription.next_plan
    if subscription.cancel_at_period_end or (target is not None and target.is_free):
        if stripe_id:
            billing.cancel_now(stripe_id, idempotency_key=f"artiqo-period-end-{stripe_id}")
        fall_back_to_free(subscription)
        if target is not None and not target.is_default:
            subscription.plan, subscription.status = target, Subscription.ACTIVE
            subscription.stripe_subscription_id = ""
            subscription.save()
        return True
    if target is None:
        return False
    current = billing.retrieve_subscription(stripe_id)
    changed = billing.change_plan(
        current,
        plan_id=stripe_plan_of(target),
        idempotency_key=f"artiqo-downgrade-{stripe_id}-{target.code}",
        prorate=False,
    )
    subscription.plan, subscription.next_plan = target, None
    subscription.current_period_end = changed.current_period_end or subscription.current_period_end
    subscription.save()
    return True


def reconcile_subscriptions() -> dict:
    """Re-fetch every subscription with a Stripe id, mirror it, and record paid invoices we missed."""
    outcome = {"checked": 0, "changed": 0, "invoices": 0, "errors": 0}
    for pk in Subscription.objects.exclude(stripe_subscription_id="").order_by("pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                subscription = _locked(pk)
                before = (subscription.status, subscription.plan_id, subscription.cancel_at_period_end)
                stripe = billing.retrieve_subscription(subscription.stripe_subscription_id)
                recorded = set(
                    subscription.invoices.filter(status=SubscriptionInvoice.PAID).values_list(
                        "stripe_invoice_id", flat=True
                    )
                )
                for invoice in billing.invoices_of(stripe.id):
                    if invoice.paid and invoice.id not in recorded:
                        record_invoice(subscription, invoice)
                        outcome["invoices"] += 1
                mirror(subscription, stripe)
                after = (subscription.status, subscription.plan_id, subscription.cancel_at_period_end)
                outcome["checked"] += 1
                outcome["changed"] += before != after
        except GatewayError:
            outcome["errors"] += 1
            logger.warning("Could not reconcile subscription %s with Stripe", pk)
    return outcome
