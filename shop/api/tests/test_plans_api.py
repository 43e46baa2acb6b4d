"""`plans/` and `artist/subscription/` (API.md "Marketplace"), against localstripe."""

from decimal import Decimal

import pytest

from artiqo.testing import api_as
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.models import PlanChange, Subscription
from shop.marketplace.tests.factories import make_plans, on_small_plan, stripe_subscriptions

pytestmark = pytest.mark.django_db

URL = "/api/v1/artist/subscription/"


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


@pytest.fixture
def plans(db):
    return make_plans()


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya")


def change(user, key="k1", **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api_as(user).post(URL, body, format="json", **headers)


def test_anyone_reads_the_plans_cheapest_first(plans):
    response = api_as().get("/api/v1/plans/")
    assert response.status_code == 200
    assert [(p["code"], p["monthly_price"], p["listing_limit"]) for p in response.json()] == [
        ("starter", "0.00", 20),
        ("studio", "9.00", 100),
        ("gallery", "29.00", None),
    ]
    assert response.json()[1]["fee_rate"] == "0.1000" and response.json()[2]["featured_credits"] == 4
    assert Decimal(response.json()[0]["fee_rate"]) > 0  # the default rate, spelled out


def test_an_artist_reads_their_plan(maya, plans):
    make_artwork(maya, title="Harbour")
    body = api_as(maya.user).get(URL).json()
    assert body == {
        "plan": "starter",
        "plan_name": "Starter",
        "status": "active",
        "current_period_end": None,
        "cancel_at_period_end": False,
        "listings_used": 1,
        "listing_limit": 20,
        "featured_credits_left": 0,
        "next_plan": None,
    }


def test_who_may_touch_a_subscription(maya, buyer, plans):
    assert api_as().get(URL).status_code == 401
    assert api_as().post(URL, {"plan": "studio"}, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 401
    assert api_as().delete(URL).status_code == 401
    assert api_as(buyer).get(URL).status_code == 403
    assert change(buyer, plan="studio", payment_method="pm_card_visa").status_code == 403
    assert api_as(buyer).delete(URL).status_code == 403
    assert not Subscription.objects.exists()


def test_buying_upgrading_and_cancelling(maya, plans, localstripe):
    bought = change(maya.user, plan="studio", payment_method="pm_card_visa")
    assert bought.status_code == 200, bought.content
    assert bought.json()["plan"] == "studio" and bought.json()["current_period_end"]
    assert change(maya.user, plan="studio", payment_method="pm_card_visa").json() == bought.json()  # replayed
    conflict = change(maya.user, plan="gallery")
    assert conflict.status_code == 409 and "Idempotency-Key" in conflict.json()["detail"]
    upgraded = change(maya.user, "k2", plan="gallery")
    assert upgraded.status_code == 200 and upgraded.json()["plan"] == "gallery"
    cancelled = api_as(maya.user).delete(URL)
    assert cancelled.status_code == 200
    assert cancelled.json()["cancel_at_period_end"] is True and cancelled.json()["next_plan"] == "starter"
    customer = Subscription.objects.get(artist=maya).stripe_customer_id
    [at_stripe] = stripe_subscriptions(localstripe, customer)
    assert at_stripe["cancel_at_period_end"] is True and at_stripe["plan"]["amount"] == 2900


def test_another_artist_sees_and_changes_only_their_own(maya, plans):
    change(maya.user, plan="studio", payment_method="pm_card_visa")
    theo = make_artist(username="theo")
    assert api_as(theo.user).get(URL).json()["plan"] == "starter"
    assert api_as(theo.user).delete(URL).status_code == 409  # nothing of theirs to cancel; maya's untouched
    assert Subscription.objects.get(artist=maya).cancel_at_period_end is False


def test_card_problems(maya, plans):
    assert change(maya.user, plan="studio").status_code == 400  # no card
    declined = change(maya.user, "k2", plan="studio", payment_method="pm_card_chargeCustomerFail")
    assert declined.status_code == 402 and "declined" in declined.json()["detail"]
    unknown = change(maya.user, "k3", plan="studio", payment_method="pm_no_such_thing")
    assert unknown.status_code == 400
    assert api_as(maya.user).get(URL).json()["plan"] == "starter"


def test_over_the_new_plans_listing_limit_is_a_409_with_the_numbers(maya, plans):
    for number in range(3):
        make_artwork(maya, title=f"Work {number}")
    plans["studio"].listing_limit = 2
    plans["studio"].save()
    refused = change(maya.user, plan="studio", payment_method="pm_card_visa")
    assert refused.status_code == 409 and "allows 2 artworks on sale at once and you have 3" in refused.json()["detail"]


def test_pending_artists_cannot_change_plans(site_pages, plans):
    pending = make_artist(username="pat", approved=False)
    assert api_as(pending.user).get(URL).status_code == 200
    assert change(pending.user, plan="studio", payment_method="pm_card_visa").status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"plan": ""},
        {"plan": "no-such-plan"},
        {"plan": ["studio"]},
        {"plan": {"code": "studio"}},
        {"plan": "studio", "payment_method": ["pm_card_visa"]},
        {"plan": "studio", "payment_method": "x" * 300},
        {"plan": "../../etc"},
        [1, 2, 3],
        "studio",
    ],
)
def test_garbage_is_a_400_never_a_500(maya, plans, body):
    response = api_as(maya.user).post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 400, response.content
    assert not PlanChange.objects.exists()


def test_the_idempotency_key_is_required(maya, plans):
    assert change(maya.user, key=None, plan="studio", payment_method="pm_card_visa").status_code == 400
    assert change(maya.user, key="x" * 300, plan="studio", payment_method="pm_card_visa").status_code == 400
    response = api_as(maya.user).post(URL, "{not json", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400


def test_cancelling_on_the_free_plan_is_a_409(maya, plans):
    response = api_as(maya.user).delete(URL)
    assert response.status_code == 409 and "free plan" in response.json()["detail"]


def test_creating_an_artwork_over_the_limit_is_a_409(maya):
    on_small_plan(maya, 1)
    make_artwork(maya, title="The one")
    from oscar.core.loading import get_model

    category = get_model("catalogue", "Category").add_root(name="Painting", slug="painting")
    body = {"title": "Two", "description": "", "price": "10.00", "stock": 1, "category_id": category.pk}
    response = api_as(maya.user).post("/api/v1/products/", body, format="json")
    assert response.status_code == 409 and "allows 1 artworks" in response.json()["detail"]


def test_stripe_unreachable_is_a_503_and_nothing_changes(maya, plans, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    response = change(maya.user, plan="studio", payment_method="pm_card_visa")
    assert response.status_code == 503 and "Idempotency-Key" in response.json()["detail"]
    assert api_as(maya.user).get(URL).json()["plan"] == "starter"
    assert not PlanChange.objects.exists()
