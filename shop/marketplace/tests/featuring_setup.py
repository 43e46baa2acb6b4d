"""Shared set-up for the featuring tests: artists on plans, live artworks, Stripe's webhooks."""

import json
from decimal import Decimal

import pytest

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import featuring
from shop.marketplace.models import FeaturedListing, MarketplaceSettings, Plan, PlatformRevenue, Subscription

FEE = Decimal("5.00")


def put_on_plan(artist, *, code="studio", credits=1, price="9.00") -> Plan:
    """The artist subscribes to a plan with `credits` featured credits a month (no Stripe needed here)."""
    plan, _ = Plan.objects.get_or_create(
        code=code, defaults={"name": code.title(), "monthly_price": Decimal(price), "featured_credits": credits}
    )
    Subscription.objects.update_or_create(artist=artist, defaults={"plan": plan, "status": Subscription.ACTIVE})
    return plan


def set_fee(fee=FEE, days=7) -> None:
    """Through load(): after a transactional test's flush the settings row is made again on first use."""
    terms = MarketplaceSettings.load()
    terms.featuring_fee, terms.featuring_days = fee, days
    terms.save()


def feature(artwork, key="k1", **options):
    return featuring.feature_artwork(artwork=artwork, user=artwork.artist.user, idempotency_key=key, **options)


def revenue_of(listing) -> list[Decimal]:
    return sorted(PlatformRevenue.objects.filter(featured_listing=listing).values_list("amount", flat=True))


def running_listings():
    return FeaturedListing.objects.filter(status=FeaturedListing.ACTIVE)


def stripe_event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}).encode()


@pytest.fixture
def studio_artist(site_pages):
    """Theo, on the Studio plan (one featured credit a month), with two live artworks."""
    theo = make_artist(username="theo")
    put_on_plan(theo)
    set_fee()
    return {
        "artist": theo,
        "grid": make_artwork(theo, title="Ancoats Grid", price="120.00"),
        "canal": make_artwork(theo, title="Canal Light", price="240.00"),
        "mill": make_artwork(theo, title="Mill Chimneys", price="300.00"),
    }


@pytest.fixture
def starter_artist(site_pages):
    """Maya, on the free plan (no credits): every featuring pays the fee."""
    maya = make_artist(username="maya")
    set_fee()
    return {"artist": maya, "harbour": make_artwork(maya, title="Harbour Blue", price="980.00")}
