"""Plans under concurrency (MariaDB, real threads, localstripe): one key is one subscription; limits hold.

SQLite serialises every writer and would pass with the locks removed, so these are marked `mariadb`.
"""

import pytest

from artiqo.testing import api_as, repeat_at_once
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import limits, subscriptions
from shop.marketplace.models import PlanChange, Subscription
from shop.payment.gateway import CardDeclined

from .factories import make_plans, on_small_plan, stripe_subscriptions

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]

URL = "/api/v1/artist/subscription/"


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya")


def all_stripe_subscriptions(localstripe) -> list[dict]:
    return localstripe.get("/v1/subscriptions", status="all", limit=100)["data"]


def ten_identical_posts(user):
    def post():
        response = api_as(user).post(
            URL, {"plan": "studio", "payment_method": "pm_card_visa"}, format="json", HTTP_IDEMPOTENCY_KEY="same-key"
        )
        return response.status_code, response.json()

    return repeat_at_once(10, post)


def test_ten_identical_plan_changes_make_one_subscription(maya, localstripe):
    make_plans()
    outcomes = ten_identical_posts(maya.user)
    at_stripe = all_stripe_subscriptions(localstripe)
    assert len(at_stripe) == 1, f"{len(at_stripe)} subscriptions at Stripe; outcomes: {outcomes}"
    assert {outcome[0] for outcome in outcomes} == {200}, outcomes
    assert len({repr(outcome[1]) for outcome in outcomes}) == 1
    assert PlanChange.objects.count() == 1 and Subscription.objects.count() == 1
    assert at_stripe[0]["id"] == Subscription.objects.get().stripe_subscription_id


def test_ten_identical_plan_changes_by_a_returning_subscriber_make_one_subscription(maya, localstripe):
    """Maya's first card was refused: she has a Stripe customer (and a row) already, the case with the most to lose."""
    plans = make_plans()
    with pytest.raises(CardDeclined):
        subscriptions.change_plan(
            artist=maya, plan=plans["studio"], idempotency_key="first", payment_method="pm_card_chargeCustomerFail"
        )
    customer = Subscription.objects.get(artist=maya).stripe_customer_id
    outcomes = ten_identical_posts(maya.user)
    live = [s for s in stripe_subscriptions(localstripe, customer) if s["status"] == "active"]
    assert len(live) == 1, f"{len(live)} live subscriptions at Stripe; outcomes: {outcomes}"
    assert {outcome[0] for outcome in outcomes} == {200}, outcomes
    assert Subscription.objects.get(artist=maya).stripe_subscription_id == live[0]["id"]
    assert PlanChange.objects.count() == 1


def test_five_artworks_created_at_once_at_one_below_the_limit_only_one_is_listed(maya):
    on_small_plan(maya, 3)
    make_artwork(maya, title="One")
    make_artwork(maya, title="Two")
    outcomes = repeat_at_once(5, lambda: make_artwork(maya, title="At once"))
    created = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, limits.ListingLimitReached)]
    assert (len(created), len(refused)) == (1, 4), outcomes
    assert limits.listings_used(maya) == 3
