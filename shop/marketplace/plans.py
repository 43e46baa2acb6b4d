"""Which plan an artist is on, read in one place (fees, listing limits, featured credits, the API).

An artist without a subscription, or whose subscription has ended, is on the default (free) plan.
A past-due subscription keeps its plan through the grace period; the subscription services move
it to the default plan when the grace runs out.
"""

from decimal import Decimal

from .models import Plan, Subscription

# What migration 0005 makes. A flushed test database (transactional tests) has lost it, and an
# artist must never be on no plan: the same row is made again on demand.
FREE_PLAN_DEFAULTS = {
    "name": "Starter",
    "description": "Free: sell up to 20 artworks at the standard fee.",
    "monthly_price": Decimal("0"),
    "fee_rate": None,
    "listing_limit": 20,
    "featured_credits": 0,
    "is_default": True,
    "position": 0,
}


def default_plan() -> Plan:
    """The free plan every artist starts on (made by migration 0005)."""
    plan = Plan.objects.filter(is_default=True).order_by("pk").first()
    if plan is None:
        plan, _ = Plan.objects.get_or_create(code="starter", defaults=FREE_PLAN_DEFAULTS)
    return plan


def current_plan(artist) -> Plan:
    """The plan whose terms apply to `artist` now."""
    subscription = Subscription.objects.select_related("plan").filter(artist=artist).first()
    return plan_under(subscription, default_plan)


def plan_under(subscription: Subscription | None, default) -> Plan:
    """The rule itself: the subscription's plan unless there is none or it has ended (`default()` then)."""
    if subscription is None or subscription.status == Subscription.CANCELED:
        return default()
    return subscription.plan


def plan_of(artist, default) -> Plan:
    """`current_plan` for an artist read with select_related("subscription__plan"): no query per artist."""
    try:
        subscription = artist.subscription
    except Subscription.DoesNotExist:
        subscription = None
    return plan_under(subscription, default)


def plan_by_stripe_id(stripe_plan_id: str) -> Plan | None:
    """Our plan behind a Stripe plan id (the reconciler and webhooks mirror Stripe's choice)."""
    if not stripe_plan_id:
        return None
    plan = Plan.objects.filter(stripe_price_id=stripe_plan_id).first()
    if plan is None and stripe_plan_id.startswith("artiqo-"):
        # An older price of one of our plans ("artiqo-<code>-<amount>-<currency>-month"): still that plan.
        code = stripe_plan_id.removeprefix("artiqo-").rsplit("-", 3)[0]
        plan = Plan.objects.filter(code=code).first()
    return plan


def stripe_plan_of(plan: Plan) -> str:
    """The Stripe plan billing `plan` at its current price, made at Stripe on first use."""
    from shop.payment import billing

    wanted = billing.plan_id_for(code=plan.code, amount=plan.monthly_price, currency=plan.currency)
    product_id, plan_id = billing.ensure_plan(
        code=plan.code, name=plan.name, amount=plan.monthly_price, currency=plan.currency
    )
    if plan.stripe_price_id != wanted or plan.stripe_product_id != product_id:
        Plan.objects.filter(pk=plan.pk).update(stripe_price_id=plan_id, stripe_product_id=product_id)
        plan.stripe_price_id, plan.stripe_product_id = plan_id, product_id
    return plan_id
