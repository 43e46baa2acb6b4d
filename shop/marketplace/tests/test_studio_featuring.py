"""The studio's Featuring screens: an artist spends a credit or pays by card; admins grant and end featurings."""

import json
import re

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from shop.catalogue.discovery.featured import is_featured_map
from shop.marketplace.models import FeaturedListing, PlatformRevenue

from . import featuring_setup
from .featuring_setup import FEE, feature

pytestmark = pytest.mark.django_db
# The shared fixtures, used by name below.
starter_artist = featuring_setup.starter_artist
studio_artist = featuring_setup.studio_artist


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    localstripe.forget_everything()


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(email="root@example.com", password="x", username="root")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    """The page's words as a reader sees them (tags dropped, whitespace runs as one space)."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def card_token(localstripe, number: str) -> str:
    """What Stripe.js does in the browser: send the card to Stripe with the publishable key, get a token."""
    card = {"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2030", "card[cvc]": "123"}
    response = requests.post(f"{localstripe.url}/v1/tokens", data={**card, "key": "pk_test_artiqo"}, timeout=10)
    response.raise_for_status()
    return response.json()["id"]


def pay_by_card(client, artwork, token, days=7):
    url = reverse("studio_featuring:card", args=[artwork.pk])
    return client.post(url, json.dumps({"token": token, "days": days}), content_type="application/json")


def test_an_artist_sees_credits_and_fee_and_features_with_a_credit(studio_artist):
    theo, grid = studio_artist["artist"], studio_artist["grid"]
    client = client_for(theo.user)

    index = text_of(client.get(reverse("studio_featuring:index")))
    assert "Credits left this month 1" in index and "£5.00" in index
    page = client.get(reverse("studio_featuring:feature", args=[grid.pk]))
    assert page.status_code == 200 and "uses a plan credit" in text_of(page)
    assert 'id="featuring-card-form"' not in page.content.decode()

    done = client.post(reverse("studio_featuring:feature", args=[grid.pk]), {"days": 5, "key": "abc"})

    assert done.status_code == 302
    listing = FeaturedListing.objects.get()
    assert (listing.paid_with, listing.status, listing.days) == ("credit", "active", 5)
    assert "Credits left this month 0" in text_of(client.get(reverse("studio_featuring:index")))


def test_without_a_credit_the_artist_pays_by_card_with_stripe_js(starter_artist, localstripe):
    maya, harbour = starter_artist["artist"], starter_artist["harbour"]
    client = client_for(maya.user)

    page = client.get(reverse("studio_featuring:feature", args=[harbour.pk]))
    html = page.content.decode()
    assert 'id="featuring-card-form"' in html and "£5.00" in html
    assert f'src="{localstripe.url}/js.stripe.com/v3/"' in html
    assert localstripe.url in page.headers["Content-Security-Policy"]
    refused = client.post(reverse("studio_featuring:feature", args=[harbour.pk]), {"days": 7, "key": "k"})
    assert refused.status_code == 400 and FeaturedListing.objects.count() == 0

    declined = pay_by_card(client, harbour, card_token(localstripe, "4000000000000341"))
    assert declined.status_code == 200 and declined.json()["status"] == "failed"
    token = card_token(localstripe, "4242424242424242")
    paid, again = pay_by_card(client, harbour, token), pay_by_card(client, harbour, token)

    assert paid.json()["status"] == again.json()["status"] == "active"
    assert paid.json()["listing"] == again.json()["listing"]
    assert client.get(paid.json()["state_url"]).json()["status"] == "active"
    assert is_featured_map([harbour.pk]) == {harbour.pk}
    assert list(PlatformRevenue.objects.values_list("amount", flat=True)) == [FEE]


def test_artists_reach_only_their_own_artworks(studio_artist, starter_artist, buyer, localstripe):
    theo = client_for(studio_artist["artist"].user)
    harbour = starter_artist["harbour"]
    assert theo.get(reverse("studio_featuring:feature", args=[harbour.pk])).status_code == 404
    assert theo.post(reverse("studio_featuring:feature", args=[harbour.pk]), {"days": 7}).status_code == 404
    assert pay_by_card(theo, harbour, card_token(localstripe, "4242424242424242")).status_code == 404
    listing = feature(harbour, payment_method="pm_card_visa")
    assert theo.get(reverse("studio_featuring:state", args=[listing.pk])).status_code == 404
    assert theo.post(reverse("studio_featuring:unfeature", args=[harbour.pk]), {"reason": "x"}).status_code == 302
    assert is_featured_map([harbour.pk]) == {harbour.pk}  # refused (Wagtail's redirect), nothing ended
    assert client_for(buyer).get(reverse("studio_featuring:index")).status_code == 302


def test_admins_see_featured_now_feature_editorially_and_unfeature_with_a_reason(starter_artist, studio_artist, root):
    harbour, grid = starter_artist["harbour"], studio_artist["grid"]
    feature(harbour, payment_method="pm_card_visa")
    client = client_for(root)

    granted = client.post(reverse("studio_featuring:feature", args=[grid.pk]), {"days": 3})
    assert granted.status_code == 302
    assert FeaturedListing.objects.get(artwork=grid).paid_with == "editorial"
    index = text_of(client.get(reverse("studio_featuring:index")))
    assert "Featured now" in index and "Harbour Blue" in index and "Ancoats Grid" in index

    client.post(reverse("studio_featuring:unfeature", args=[grid.pk]), {"reason": ""})
    assert is_featured_map([grid.pk]) == {grid.pk}
    client.post(reverse("studio_featuring:unfeature", args=[grid.pk]), {"reason": "Season over"})
    client.post(reverse("studio_featuring:unfeature", args=[harbour.pk]), {"reason": "Copy", "refund": "on"})

    assert is_featured_map([grid.pk, harbour.pk]) == set()
    assert sorted(PlatformRevenue.objects.values_list("amount", flat=True)) == [-FEE, FEE]
    assert "Nothing is featured right now" in text_of(client.get(reverse("studio_featuring:index")))
