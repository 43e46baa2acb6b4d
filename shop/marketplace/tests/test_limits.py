"""A plan's listing limit: refused with a clear message in the service, the API (409) and the studio."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import limits, subscriptions
from shop.marketplace.models import Subscription
from shop.marketplace.subscription_sync import fall_back_to_free

from .factories import make_plans, on_small_plan, on_unlimited_plan, put_on

Category = get_model("catalogue", "Category")
update_artwork = get_class("catalogue.services", "update_artwork")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya")


@pytest.fixture
def full(maya):
    """Maya on a plan of two listings, with two artworks on sale."""
    on_small_plan(maya, 2)
    return [make_artwork(maya, title="One"), make_artwork(maya, title="Two")]


def test_what_counts_as_a_listing(maya):
    on_unlimited_plan(maya)
    make_artwork(maya, title="On sale")
    make_artwork(maya, title="Draft", is_public=False)
    sold_out = make_artwork(maya, title="Sold out")
    update_artwork(artwork=sold_out, stock=0)
    hide_artwork(artwork=make_artwork(maya, title="Hidden"), reason="Blurry")
    assert limits.listings_used(maya) == 1
    assert limits.listing_limit(maya) is None


def test_the_free_plan_allows_twenty(maya):
    assert limits.listing_limit(maya) == 20


def test_creating_over_the_limit_is_refused_with_the_numbers(full, maya):
    with pytest.raises(limits.ListingLimitReached, match="allows 2 artworks on sale at once and you have 2"):
        make_artwork(maya, title="Three")
    make_artwork(maya, title="A draft is fine", is_public=False)
    assert limits.listings_used(maya) == 2


def test_putting_an_artwork_back_on_sale_counts(full, maya):
    draft = make_artwork(maya, title="Draft", is_public=False)
    with pytest.raises(limits.ListingLimitReached):
        update_artwork(artwork=draft, is_public=True)
    update_artwork(artwork=full[0], stock=0)  # sold out: a place frees up
    update_artwork(artwork=draft, is_public=True)
    with pytest.raises(limits.ListingLimitReached):
        update_artwork(artwork=full[0], stock=1)  # restocking the sold-out one would be a third
    update_artwork(artwork=full[1], title="Renamed")  # changes to a listed artwork are not new listings


def test_a_plan_below_the_listings_on_sale_is_refused(maya):
    plans = make_plans()
    put_on(maya, plans["gallery"])
    for number in range(3):
        make_artwork(maya, title=f"Work {number}")
    plans["studio"].listing_limit = 2
    plans["studio"].save()
    with pytest.raises(subscriptions.PlanRefused, match="allows 2 artworks on sale at once and you have 3"):
        subscriptions.change_plan(artist=maya, plan=plans["studio"], idempotency_key="k1")


def test_the_fall_back_to_free_keeps_the_artworks_and_refuses_new_ones(maya):
    on_unlimited_plan(maya)
    subscription = Subscription.objects.get(artist=maya)
    for number in range(21):
        make_artwork(maya, title=f"Work {number}")
    fall_back_to_free(subscription)
    assert limits.listings_used(maya) == 21 and limits.listing_limit(maya) == 20
    with pytest.raises(limits.ListingLimitReached, match="you have 21"):
        make_artwork(maya, title="One more")


def test_the_api_answers_409_with_the_message(full, maya):
    category = Category.add_root(name="Painting", slug="painting")
    body = {"title": "Three", "description": "", "price": "100.00", "stock": 1, "category_id": category.pk}
    response = api_as(maya.user).post("/api/v1/products/", body, format="json")
    assert response.status_code == 409
    assert "allows 2 artworks" in response.json()["detail"]
    update_artwork(artwork=full[0], stock=0)  # sold out: a place frees up, and the API fills it
    assert api_as(maya.user).post("/api/v1/products/", body, format="json").status_code == 201
    response = api_as(maya.user).patch(f"/api/v1/products/{full[0].pk}/", {"stock": 1}, format="json")
    assert response.status_code == 409  # restocking would make a third listing
    assert "allows 2 artworks" in response.json()["detail"]


def test_the_studio_says_so_without_a_500(full, maya):
    category = Category.add_root(name="Painting", slug="painting")
    client = Client()
    client.force_login(maya.user)
    form = {
        "title": "Three",
        "description": "",
        "medium": "",
        "price": "100.00",
        "stock": 1,
        "is_original": "1",
        "category": category.pk,
        "is_public": "on",
    }
    response = client.post(reverse("studio_artworks:create"), form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "allows 2 artworks on sale at once" in page and "Nothing was saved" in page
    assert limits.listings_used(maya) == 2
