"""The demo's plans: Starter, Studio and Gallery; maya on Gallery and theo on Studio at the fake Stripe;
two of maya's prints featured with her credits, so the home page's Featured row has something."""

from collections import Counter
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from artiqo.demo.plans import DemoSubscriptions, subscriptions_missing
from artists.models import Artist
from shop.catalogue.discovery.featured import featured_ids
from shop.marketplace import featuring
from shop.marketplace.models import FeaturedListing, Plan, PlanChange, Subscription
from shop.marketplace.plans import current_plan

Product = get_model("catalogue", "Product")


def plans_of_artists() -> dict[str, str]:
    return {artist.user.username: current_plan(artist).code for artist in Artist.objects.select_related("user")}


@pytest.mark.django_db
def test_the_demo_has_three_plans_with_everyone_on_starter_until_the_subscriptions_run(demo_marketplace):
    terms = {
        plan.code: (plan.monthly_price, plan.fee_rate, plan.listing_limit, plan.featured_credits, plan.is_default)
        for plan in Plan.objects.all()
    }
    assert terms == {
        "starter": (Decimal("0.00"), None, 20, 0, True),
        "studio": (Decimal("9.00"), Decimal("0.1000"), 100, 1, False),
        "gallery": (Decimal("29.00"), Decimal("0.0600"), None, 4, False),
    }
    assert set(plans_of_artists().values()) == {"starter"}
    assert not Subscription.objects.exists()
    per_artist = Counter(Product.objects.filter(upc__startswith="DEMO-").values_list("artist", flat=True))
    assert max(per_artist.values()) <= 20, "Starter's limit: otherwise the subscriptions must come before the artworks"


@pytest.mark.django_db(transaction=True)
def test_maya_and_theo_subscribe_at_the_fake_stripe_and_maya_features_two_prints_once(
    demo_marketplace, localstripe, client
):
    localstripe.forget_everything()
    assert subscriptions_missing()

    first = DemoSubscriptions().run()

    assert sorted(first["subscribed"]) == ["maya", "theo"] and first["featured"] == 2 and not first["skipped"]
    on = plans_of_artists()
    assert on.pop("maya") == "gallery" and on.pop("theo") == "studio" and set(on.values()) == {"starter"}
    stripe_subscriptions = localstripe.get("/v1/subscriptions", limit=100)["data"]
    assert sorted(item["status"] for item in stripe_subscriptions) == ["active", "active"]
    maya = Artist.objects.get(user__username="maya")
    listings = FeaturedListing.objects.filter(artist=maya)
    assert [listing.paid_with for listing in listings] == [FeaturedListing.CREDIT] * 2
    assert featuring.credits_left(maya) == 2
    featured = set(featured_ids())
    assert featured == {listing.artwork_id for listing in listings}
    assert all(not artwork.is_original for artwork in Product.objects.filter(pk__in=featured))
    home = client.get("/").content.decode()
    assert 'class="container section home-featured"' in home
    assert all(artwork.title in home for artwork in Product.objects.filter(pk__in=featured))

    counts = (PlanChange.objects.count(), FeaturedListing.objects.count(), Subscription.objects.count())
    again = DemoSubscriptions().run()

    assert again["subscribed"] == [] and again["featured"] == 0 and not subscriptions_missing()
    assert (PlanChange.objects.count(), FeaturedListing.objects.count(), Subscription.objects.count()) == counts
    assert len(localstripe.get("/v1/subscriptions", limit=100)["data"]) == 2
    localstripe.forget_everything()


@pytest.mark.django_db(transaction=True)
def test_against_a_real_stripe_nobody_subscribes_and_an_admin_features_editorially(demo_marketplace, settings):
    settings.STRIPE_API_BASE = ""  # a real Stripe account: no made-up subscriptions there

    result = DemoSubscriptions().run()

    assert result == {"subscribed": [], "featured": 2, "skipped": True}
    assert not Subscription.objects.exists() and set(plans_of_artists().values()) == {"starter"}
    assert set(FeaturedListing.objects.values_list("paid_with", flat=True)) == {FeaturedListing.EDITORIAL}
    assert not subscriptions_missing()
