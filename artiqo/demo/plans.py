"""The demo's artist plans, who is on which, and the artworks featured on the home page.

Three plans: Starter (the free default plan, made by migration 0005), Studio and Gallery. The
plans exist in any demo; subscriptions are real Stripe subscriptions made through
`subscriptions.change_plan` with the test card "pm_card_visa", so only against the fake Stripe
(localstripe), like the order history: a real Stripe account, even a test one, must not fill with
made-up subscriptions. There maya subscribes to Gallery and theo to Studio; everyone else stays on
Starter. Maya then features two of her prints with her Gallery credits (`feature_artwork`), so the
home page's Featured row has something; without the fake Stripe an admin features them editorially
instead, which costs nothing.

Idempotent: plans are found by code and left as an admin may have edited them; an artist already
on their plan is left alone; a featuring request's key names the artwork and the month, so a
second load the same month replays it and a later month features again if the first has ended.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from artists.models import Artist
from shop.catalogue.discovery.featured import is_featured_map
from shop.marketplace import featuring
from shop.marketplace.models import Plan
from shop.marketplace.plans import current_plan, default_plan
from shop.payment import gateway

Product = get_model("catalogue", "Product")
User = get_user_model()

PAID_PLANS = [
    {
        "code": "studio",
        "name": "Studio",
        "description": "For working artists: a lower fee, 100 artworks on sale and a featured artwork each month.",
        "monthly_price": Decimal("9.00"),
        "fee_rate": Decimal("0.1000"),
        "listing_limit": 100,
        "featured_credits": 1,
        "position": 1,
    },
    {
        "code": "gallery",
        "name": "Gallery",
        "description": "For established studios: the lowest fee, no listing limit and four featured artworks a month.",
        "monthly_price": Decimal("29.00"),
        "fee_rate": Decimal("0.0600"),
        "listing_limit": None,
        "featured_credits": 4,
        "position": 2,
    },
]
SUBSCRIBERS = {"maya": "gallery", "theo": "studio"}  # everyone else stays on the free Starter plan
FEATURED_BY = "maya"
FEATURED_COUNT = 2
DEMO_CARD = "pm_card_visa"


def ensure_plans(log=lambda message: None) -> dict[str, Plan]:
    """Starter (the default plan) and the two paid plans, by code."""
    plans = {"starter": default_plan()}
    for spec in PAID_PLANS:
        plan, created = Plan.objects.get_or_create(code=spec["code"], defaults=spec)
        if created:
            log(f"Created the {plan.name} plan")
        plans[plan.code] = plan
    return plans


def subscriptions_missing() -> bool:
    """True when the demo's subscriptions could be made (a fake Stripe is in use) and are not all there."""
    if not gateway.uses_localstripe():
        return False
    artists = Artist.objects.filter(user__username__in=SUBSCRIBERS).select_related("user")
    return any(current_plan(artist).code != SUBSCRIBERS[artist.user.username] for artist in artists)


class DemoSubscriptions:
    """Put the demo's subscribers on their plans and feature maya's prints; after the loader's commit."""

    def __init__(self, log=lambda message: None):
        self.log = log

    def run(self) -> dict:
        from shop.marketplace import subscriptions  # the plans' services; imported when first needed

        plans = ensure_plans(self.log)
        subscribed = []
        if gateway.uses_localstripe():
            for username, code in SUBSCRIBERS.items():
                artist = Artist.objects.filter(user__username=username).first()
                if artist is None or current_plan(artist).code == code:
                    continue
                subscriptions.change_plan(
                    artist=artist,
                    plan=plans[code],
                    idempotency_key=f"demo-plan-{username}-{code}",
                    payment_method=DEMO_CARD,
                )
                subscribed.append(username)
                self.log(f"Subscribed {artist} to {plans[code].name}")
        else:
            self.log("No fake Stripe (STRIPE_API_BASE) in use: demo artists stay on Starter; featuring is editorial.")
        return {"subscribed": subscribed, "featured": self.feature(), "skipped": not gateway.uses_localstripe()}

    def feature(self) -> int:
        """Feature maya's first prints in stock (prints: the history cannot sell them out)."""
        artist = Artist.objects.select_related("user").filter(user__username=FEATURED_BY).first()
        if artist is None:
            return 0
        prints = list(
            Product.objects.live()
            .filter(artist=artist, upc__startswith="DEMO-", is_original=False, units_left__gt=0)
            .order_by("upc")[:FEATURED_COUNT]
        )
        already = is_featured_map([artwork.pk for artwork in prints])
        month = timezone.localdate().strftime("%Y-%m")
        featured = 0
        for artwork in prints:
            if artwork.pk in already:
                continue
            try:
                if featuring.credits_left(artist) > 0:
                    featuring.feature_artwork(
                        artwork=artwork, user=artist.user, idempotency_key=f"demo-feature-{artwork.upc}-{month}"
                    )
                else:
                    admin = User.objects.filter(username="admin").first()
                    if admin is None:
                        continue
                    featuring.feature_editorially(artwork=artwork, admin=admin)
            except featuring.FeaturingRefused as refused:
                self.log(f"{artwork.title} was not featured: {refused}")
                continue
            featured += 1
            self.log(f"Featured {artwork.title} by {artist}")
        return featured
