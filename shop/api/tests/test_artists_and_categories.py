"""The artist directory and the category list: public reads, admin-only category writes."""

import pytest
from oscar.core.loading import get_class, get_model

from artists.models import Artist, ArtistPage
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

from .conftest import client_for

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
hide_artwork = get_class("catalogue.services", "hide_artwork")


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [artist["name"] for artist in response.json()["results"]]


# --- artists ---------------------------------------------------------------------------------


def test_an_artist_reads_with_their_count_of_live_artworks(marketplace):
    maya = marketplace["maya"]
    make_artwork(maya, title="Draft", is_public=False)
    hide_artwork(artwork=make_artwork(maya, title="Moderated"), reason="Blurry")
    Artist.objects.filter(pk=maya.pk).update(bio="Paints the harbour.")

    response = client_for().get(f"/api/v1/artists/{maya.slug}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": maya.pk,
        "slug": "maya-okafor",
        "name": "Maya Okafor",
        "city": "Bristol",
        "bio": "Paints the harbour.",
        "page_url": None,  # the story page is still a draft awaiting moderation
        "artwork_count": 2,
    }


def test_a_published_story_page_is_linked(marketplace):
    page = ArtistPage.objects.get(artist=marketplace["maya"])
    page.save_revision().publish()

    body = client_for().get(f"/api/v1/artists/{marketplace['maya'].slug}/").json()

    assert body["page_url"] == f"http://testserver/artists/{page.slug}/"


def test_the_directory_lists_only_approved_artists(marketplace):
    make_artist(username="penny", approved=False)
    sam = make_artist(username="sam")
    Artist.objects.filter(pk=sam.pk).update(status=Artist.Status.SUSPENDED)

    response = client_for().get("/api/v1/artists/")

    assert names(response) == ["Maya Okafor", "Theo Marsh"]
    assert response.json()["count"] == 2
    assert [artist["artwork_count"] for artist in response.json()["results"]] == [2, 1]


@pytest.mark.parametrize("status", [Artist.Status.PENDING, Artist.Status.SUSPENDED])
def test_pending_and_suspended_artists_are_404(marketplace, status):
    Artist.objects.filter(pk=marketplace["theo"].pk).update(status=status)

    assert client_for().get(f"/api/v1/artists/{marketplace['theo'].slug}/").status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"search": "okaf"}, ["Maya Okafor"]),
        ({"city": "MANCHESTER"}, ["Theo Marsh"]),
        ({"city": "manchester", "search": "maya"}, []),
        ({"city": "Leeds"}, []),
        ({"search": ""}, ["Maya Okafor", "Theo Marsh"]),
    ],
)
def test_the_directory_filters_by_name_and_city(marketplace, params, expected):
    assert names(client_for().get("/api/v1/artists/", params)) == expected


def test_an_overlong_search_is_a_400(marketplace):
    response = client_for().get("/api/v1/artists/", {"search": "x" * 500})

    assert response.status_code == 400
    assert "search" in response.json()


def test_the_directory_costs_the_same_queries_for_2_or_12_artists(marketplace, django_assert_max_num_queries):
    for artist in Artist.objects.all():
        ArtistPage.objects.get(artist=artist).save_revision().publish()
    api = client_for()
    api.get("/api/v1/artists/")  # Wagtail caches the site's root paths on first use
    with django_assert_max_num_queries(4) as few:
        api.get("/api/v1/artists/")
    budget = len(few.captured_queries)  # read now: each request resets the connection's query log

    for n in range(10):
        artist = make_artist(username=f"painter{n}")
        make_artwork(artist, title=f"Work {n}")
        ArtistPage.objects.get(artist=artist).save_revision().publish()
    api.get("/api/v1/artists/")
    with django_assert_max_num_queries(budget):
        assert len(api.get("/api/v1/artists/").json()["results"]) == 12


# --- categories ------------------------------------------------------------------------------


def test_anyone_reads_the_public_categories(marketplace):
    hidden = Category.add_root(name="Secret", is_public=False)

    response = client_for().get("/api/v1/categories/")

    assert response.status_code == 200
    assert [c["name"] for c in response.json()["results"]] == ["Painting", "Oil", "Prints"]
    assert response.json()["results"][0] == {
        "id": marketplace["painting"].pk,
        "name": "Painting",
        "slug": "painting",
        "description": "",
    }
    assert client_for().get(f"/api/v1/categories/{hidden.pk}/").status_code == 404


def test_an_admin_creates_edits_and_deletes_a_category(marketplace, admin):
    api = client_for(admin)

    created = api.post("/api/v1/categories/", {"name": "Sculpture", "description": "In the round."}, format="json")
    assert created.status_code == 201
    assert created.json()["slug"] == "sculpture"
    category = Category.objects.get(pk=created.json()["id"])
    assert (category.name, category.description, category.depth) == ("Sculpture", "In the round.", 1)

    renamed = api.patch(f"/api/v1/categories/{category.pk}/", {"name": "Sculptures", "slug": "3d"}, format="json")
    assert renamed.status_code == 200
    category.refresh_from_db()
    assert (category.name, category.slug) == ("Sculptures", "3d")

    assert api.delete(f"/api/v1/categories/{category.pk}/").status_code == 204
    assert not Category.objects.filter(pk=category.pk).exists()


def test_a_category_needs_a_name(marketplace, admin):
    response = client_for(admin).post("/api/v1/categories/", {"description": "Nameless"}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_only_admins_manage_categories(marketplace, buyer):
    painting = marketplace["painting"]
    for caller, expected in ((None, 401), (buyer, 403), (marketplace["maya"].user, 403)):
        api = client_for(caller)
        assert api.post("/api/v1/categories/", {"name": "Mine"}, format="json").status_code == expected
        assert api.patch(f"/api/v1/categories/{painting.pk}/", {"name": "X"}, format="json").status_code == expected
        assert api.delete(f"/api/v1/categories/{painting.pk}/").status_code == expected
    assert not Category.objects.filter(name="Mine").exists()
    assert Category.objects.get(pk=painting.pk).name == "Painting"
