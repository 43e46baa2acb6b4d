"""Featuring under concurrency: one key is one listing and one charge; one credit is spent once.

Real threads against MariaDB and localstripe, released together (artiqo.testing). SQLite serialises
every writer and would pass with the locks removed, so these are marked `mariadb`.
"""

import time

import pytest

from artiqo.testing import all_at_once, api_as, repeat_at_once
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import featuring
from shop.marketplace.models import FeaturedListing, PlatformRevenue

from .featuring_setup import FEE, put_on_plan, set_fee

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()
    yield
    localstripe.forget_everything()


def featuring_intents(localstripe) -> list[dict]:
    intents = localstripe.get("/v1/payment_intents", limit=100)["data"]
    return [intent for intent in intents if "featuring" in (intent.get("metadata") or {})]


def test_twenty_identical_requests_at_once_make_one_listing_and_one_charge(site_pages, localstripe):
    maya = make_artist(username="maya")
    set_fee()
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    url = f"/api/v1/products/{harbour.pk}/feature/"

    def request():
        return api_as(maya.user).post(url, {"payment_method": "pm_card_visa"}, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    responses = repeat_at_once(20, request)

    assert [getattr(response, "status_code", response) for response in responses] == [201] * 20
    assert len({response.json()["id"] for response in responses}) == 1
    listing = FeaturedListing.objects.get()
    assert listing.status == "active"
    intents = featuring_intents(localstripe)
    assert [intent["id"] for intent in intents] == [listing.intent_id]
    assert intents[0]["status"] == "succeeded" and len(intents[0]["charges"]["data"]) == 1
    assert list(PlatformRevenue.objects.values_list("amount", flat=True)) == [FEE]


@pytest.fixture
def slow_credit_count(monkeypatch):
    """Each credit count is followed by a pause, so requests not waiting on a lock overlap in it."""
    counted = featuring.credits_left

    def count_then_pause(*args, **kwargs):
        left = counted(*args, **kwargs)
        time.sleep(0.3)
        return left

    monkeypatch.setattr(featuring, "credits_left", count_then_pause)


def test_five_requests_at_once_spend_one_credit_once(site_pages, slow_credit_count):
    theo = make_artist(username="theo")
    put_on_plan(theo, credits=1)
    set_fee()
    artworks = [make_artwork(theo, title=f"Grid {number}", price="120.00") for number in range(5)]

    def request(artwork, key):
        return lambda: featuring.feature_artwork(artwork=artwork, user=theo.user, idempotency_key=key)

    outcomes = all_at_once(*[request(artwork, f"k{number}") for number, artwork in enumerate(artworks)])

    assert all(isinstance(outcome, FeaturedListing) for outcome in outcomes), outcomes
    paid_with = sorted(outcome.paid_with for outcome in outcomes)
    assert paid_with == ["credit"] + ["payment"] * 4
    assert FeaturedListing.objects.filter(paid_with="credit").count() == 1
    assert featuring.credits_left(theo) == 0
