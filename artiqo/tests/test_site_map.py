"""The URL map with the demo marketplace loaded: every public entry point shows real content."""

import json
import re

import pytest
from oscar.core.loading import get_model

from artists.models import ArtistPage

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_demo_artworks(client, demo_marketplace):
    response = client.get("/")

    assert response.status_code == 200
    newest = Product.objects.live().order_by("-date_created").first()
    assert newest.title in response.text
    assert 'name="q"' in response.text, "the header carries the site-wide search box"


def test_the_shop_lists_artworks(client, demo_marketplace):
    response = client.get("/shop/")

    assert response.status_code == 200
    shown = [artwork for artwork in Product.objects.live() if artwork.title in response.text]
    assert len(shown) >= 12


def test_an_artist_page_shows_the_story_and_the_artworks(client, demo_marketplace):
    page = ArtistPage.objects.get(artist__user__username="maya")

    response = client.get(page.url)

    assert response.status_code == 200
    assert "boat yard in Gothenburg" in response.text
    for artwork in page.artist.artworks.all():
        assert artwork.title in response.text.replace("&#x27;", "'")


def test_the_artist_directory_filters_by_city(client, demo_marketplace):
    response = client.get("/artists/", {"city": "Manchester"})

    assert response.status_code == 200
    assert "Theo Okafor" in response.text
    assert "Maya Lindqvist" not in response.text


def test_a_product_page_shows_the_artwork_and_its_artist(client, demo_marketplace):
    artwork = Product.objects.get(upc="DEMO-MAYA-01")

    response = client.get(artwork.get_absolute_url())

    assert response.status_code == 200
    assert artwork.title in response.text
    assert "Maya Lindqvist" in response.text
    assert artwork.medium in response.text


@pytest.mark.parametrize("username", ["admin", "maya"])
def test_the_studio_admits_admins_and_approved_artists(client, demo_marketplace, django_user_model, username):
    client.force_login(django_user_model.objects.get(username=username))

    assert client.get("/cms/").status_code == 200


def test_a_buyer_is_kept_out_of_the_studio(client, demo_marketplace, django_user_model):
    client.force_login(django_user_model.objects.get(username="ben"))

    assert client.get("/cms/").status_code == 302


def test_the_dashboard_and_django_admin_are_staff_only(client, demo_marketplace, django_user_model):
    assert client.get("/dashboard/").status_code == 302
    assert client.get("/django-admin/").status_code == 302
    client.force_login(django_user_model.objects.get(username="admin"))
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_the_api_schema_is_openapi_3(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Artiqo API"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_api_docs_load_nothing_from_outside(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert assets, "the page loads Swagger UI assets"
    assert not [asset for asset in assets if asset.startswith(("http:", "https:", "//"))]
