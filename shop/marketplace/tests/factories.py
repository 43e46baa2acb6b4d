"""Plans for tests: the issue's three, an artist put on a plan without Stripe, and an unlimited one.

Tests that list more than the free plan's 20 artworks for one artist put that artist on an
unlimited plan with `on_unlimited_plan(artist)`: the limit stays, the test says why it is exempt.
"""

from decimal import Decimal

from shop.marketplace.models import Plan, Subscription
from shop.marketplace.plans import default_plan


def make_plans() -> dict[str, Plan]:
    """Starter (free, the migration's), Studio £9 / 10% / 100 / 1 credit, Gallery £29 / 6% / unlimited / 4."""
    studio, _ = Plan.objects.update_or_create(
        code="studio",
        defaults={
            "name": "Studio",
            "monthly_price": Decimal("9.00"),
            "fee_rate": Decimal("0.10"),
            "listing_limit": 100,
            "featured_credits": 1,
            "position": 1,
        },
    )
    gallery, _ = Plan.objects.update_or_create(
        code="gallery",
        defaults={
            "name": "Gallery",
            "monthly_price": Decimal("29.00"),
            "fee_rate": Decimal("0.06"),
            "listing_limit": None,
            "featured_credits": 4,
            "position": 2,
        },
    )
    return {"starter": default_plan(), "studio": studio, "gallery": gallery}


def put_on(artist, plan: Plan) -> Subscription:
    """`artist` on `plan` as if they subscribed, without Stripe (limits and fees read only our row)."""
    subscription, _ = Subscription.objects.update_or_create(
        artist=artist, defaults={"plan": plan, "status": Subscription.ACTIVE}
    )
    return subscription


def on_unlimited_plan(artist) -> Plan:
    """`artist` may list any number of artworks (a free test plan with no listing limit)."""
    plan, _ = Plan.objects.get_or_create(
        code="unlimited-test", defaults={"name": "Unlimited (tests)", "listing_limit": None, "is_active": False}
    )
    put_on(artist, plan)
    return plan


def on_small_plan(artist, limit: int = 2) -> Plan:
    """`artist` may have `limit` artworks on sale at once."""
    plan, _ = Plan.objects.get_or_create(
        code=f"small-{limit}", defaults={"name": f"Small {limit}", "listing_limit": limit, "is_active": False}
    )
    put_on(artist, plan)
    return plan


# --- Stripe's side, as its dashboard or its clock would act ------------------------------------


def stripe_post(localstripe, path: str, **data) -> dict:
    """POST to localstripe directly (what Stripe does on its own: renewals, a cancel in the dashboard)."""
    import requests

    response = requests.post(f"{localstripe.url}{path}", data=data, auth=("sk_test_artiqo_suite", ""), timeout=10)
    response.raise_for_status()
    return response.json()


def stripe_subscriptions(localstripe, customer: str) -> list[dict]:
    return localstripe.get("/v1/subscriptions", customer=customer, status="all", limit=100)["data"]


def stripe_invoices(localstripe, subscription_id: str) -> list[dict]:
    return localstripe.get("/v1/invoices", subscription=subscription_id, limit=100)["data"]


def renew_at_stripe(localstripe, subscription) -> dict:
    """Stripe bills the next month: a new invoice for the subscription, charged to the default card."""
    invoice = stripe_post(
        localstripe,
        "/v1/invoices",
        customer=subscription.stripe_customer_id,
        subscription=subscription.stripe_subscription_id,
    )
    stripe_post(localstripe, f"/v1/invoices/{invoice['id']}/pay")
    return localstripe.get(f"/v1/invoices/{invoice['id']}")


def event(event_id: str, event_type: str, object_id: str) -> bytes:
    import json

    body = {"id": event_id, "object": "event", "type": event_type, "data": {"object": {"id": object_id}}}
    return json.dumps(body).encode()
