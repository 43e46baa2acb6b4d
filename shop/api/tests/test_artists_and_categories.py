"""The artist directory and the category list: public reads, admin-only category writes."""

import pytest
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artists.models import Artist, ArtistPage
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

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

    response = api_as().get(f"/api/v1/artists/{maya.slug}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": maya.pk,
        "slug": "maya-okafor",
        "name": "Maya Okafor",
        "city": "Bristol",
        "bio": "Paints the harbour.",
        "page_url": None,  # the story page is still a draft awaiting moderation
        "artwork_count": 2,
        "open_for_commissions": False,
        "commission_note": "",
    }


def test_a_published_story_page_is_linked(marketplace):
    page = ArtistPage.objects.get(artist=marketplace["maya"])
    page.save_revision().publish()

    body = api_as().get(f"/api/v1/artists/{marketplace['maya'].slug}/").json()

    assert body["page_url"] == f"http://testserver/artists/{page.slug}/"


def test_the_directory_lists_only_approved_artists(marketplace):
    make_artist(username="penny", approved=False)
    sam = make_artist(username="sam")
    Artist.objects.filter(pk=sam.pk).update(status=Artist.Status.SUSPENDED)

    response = api_as().get("/api/v1/artists/")

    assert names(response) == ["Maya Okafor", "Theo Marsh"]
    assert response.json()["count"] == 2
    assert [artist["artwork_count"] for artist in response.json()["results"]] == [2, 1]


@pytest.mark.parametrize("status", [Artist.Status.PENDING, Artist.Status.SUSPENDED])
def test_pending_and_suspended_artists_are_404(marketplace, status):
    Artist.objects.filter(pk=marketplace["theo"].pk).update(status=status)

    assert api_as().get(f"/api/v1/artists/{marketplace['theo'].slug}/").status_code == 404


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
    assert names(api_as().get("/api/v1/artists/", params)) == expected


def test_an_overlong_search_is_a_400(marketplace):
    response = api_as().get("/api/v1/artists/", {"search": "x" * 500})

    assert response.status_code == 400
    assert "search" in response.json()


def test_the_directory_costs_the_same_queries_for_2_or_12_artists(marketplace, django_assert_max_num_queries):
    for artist in Artist.objects.all():
        ArtistPage.objects.get(artist=artist).save_revision().publish()
    api = api_as()
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


# --- the artist's own record (artists/me/) ----------------------------------------------------


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {artwork["title"] for artwork in response.json()["results"]}


def test_an_artist_reads_and_edits_their_own_record(marketplace):
    maya = marketplace["maya"]
    api = api_as(maya.user)

    assert api.get("/api/v1/artists/me/").json() == {
        "name": "Maya Okafor",
        "city": "Bristol",
        "region": "",
        "bio": "",
        "slug": maya.slug,
        "status": "approved",
        "open_for_commissions": False,
        "commission_note": "",
        "max_open_commissions": None,
    }
    response = api.patch(
        "/api/v1/artists/me/",
        {"name": "  Maya O.  ", "city": "Bath", "region": "Somerset", "bio": "Paints the harbour.", "status": "x"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "name": "Maya O.",
        "city": "Bath",
        "region": "Somerset",
        "bio": "Paints the harbour.",
        "slug": maya.slug,
        "status": "approved",
        "open_for_commissions": False,
        "commission_note": "",
        "max_open_commissions": None,
    }
    maya.refresh_from_db()
    assert (maya.display_name, maya.city, maya.region, maya.bio, maya.slug) == (
        "Maya O.",
        "Bath",
        "Somerset",
        "Paints the harbour.",
        "maya-okafor",
    ), "the slug stays: links keep working"
    public = api_as().get(f"/api/v1/artists/{maya.slug}/").json()
    assert (public["name"], public["city"], public["bio"]) == ("Maya O.", "Bath", "Paints the harbour.")
    assert api.patch("/api/v1/artists/me/", {"bio": "Paints boats."}, format="json").json()["city"] == "Bath"


def test_after_a_move_the_catalogue_finds_the_artworks_under_the_new_city(marketplace, client):
    api = api_as(marketplace["maya"].user)
    assert titles(api_as().get("/api/v1/products/?city=Bristol")) == {"Harbour Blue", "Quay Study"}
    assert "Harbour Blue" in client.get("/shop/?city=Bristol").content.decode()  # now in the page cache

    assert api.patch("/api/v1/artists/me/", {"city": "Bath"}, format="json").status_code == 200

    assert titles(api_as().get("/api/v1/products/?city=bath")) == {"Harbour Blue", "Quay Study"}
    assert titles(api_as().get("/api/v1/products/?city=Bristol")) == set()
    assert [artist["name"] for artist in api_as().get("/api/v1/artists/?city=Bath").json()["results"]] == [
        "Maya Okafor"
    ]
    assert "Harbour Blue" in client.get("/shop/?city=Bath").content.decode()
    assert "Harbour Blue" not in client.get("/shop/?city=Bristol").content.decode(), "no stale cached page"


@pytest.mark.django_db(transaction=True)  # MariaDB indexes FULLTEXT at commit
def test_after_a_rename_or_move_search_finds_the_artworks_by_the_new_words(marketplace):
    api = api_as(marketplace["maya"].user)
    assert titles(api_as().get("/api/v1/products/?search=Okafor")) == {"Harbour Blue", "Quay Study"}

    api.patch("/api/v1/artists/me/", {"name": "Maya Lindqvist", "city": "Gothenburg"}, format="json")

    assert titles(api_as().get("/api/v1/products/?search=Lindqvist")) == {"Harbour Blue", "Quay Study"}
    assert titles(api_as().get("/api/v1/products/?search=Gothenburg")) == {"Harbour Blue", "Quay Study"}
    assert titles(api_as().get("/api/v1/products/?search=Okafor")) == set()
    assert titles(api_as().get("/api/v1/products/?search=Ancoats")) == {"Ancoats Grid"}, "others' documents stay"


def test_an_artist_record_keeps_its_rules(marketplace):
    maya = marketplace["maya"]
    api = api_as(maya.user)

    refusals = {
        "name": api.patch("/api/v1/artists/me/", {"name": "   "}, format="json"),
        "city": api.patch("/api/v1/artists/me/", {"city": ""}, format="json"),
        "region": api.patch("/api/v1/artists/me/", {"region": "r" * 101}, format="json"),
        "bio": api.patch("/api/v1/artists/me/", {"bio": "b" * 5001}, format="json"),
    }
    too_long_name = api.patch("/api/v1/artists/me/", {"name": "n" * 121, "city": "Bath"}, format="json")
    not_text = api.patch("/api/v1/artists/me/", {"name": {"first": "Maya"}}, format="json")

    for field, response in refusals.items():
        assert response.status_code == 400, field
        assert list(response.json()) == [field], response.json()
    assert too_long_name.status_code == 400 and list(too_long_name.json()) == ["name"]
    assert not_text.status_code == 400 and "name" in not_text.json()
    maya.refresh_from_db()
    assert (maya.display_name, maya.city, maya.region, maya.bio) == ("Maya Okafor", "Bristol", "", ""), (
        "nothing half-saved"
    )


def test_only_artists_have_a_record_of_their_own(marketplace, buyer):
    pending = make_artist(username="pat", approved=False, city="Leeds")
    suspended = make_artist(username="sam", city="York")
    Artist.objects.filter(pk=suspended.pk).update(status=Artist.Status.SUSPENDED)

    assert api_as().get("/api/v1/artists/me/").status_code == 401
    assert api_as().patch("/api/v1/artists/me/", {"city": "Bath"}, format="json").status_code == 401
    assert api_as(buyer).get("/api/v1/artists/me/").status_code == 403
    assert api_as(buyer).patch("/api/v1/artists/me/", {"city": "Bath"}, format="json").status_code == 403
    assert api_as(suspended.user).patch("/api/v1/artists/me/", {"city": "Bath"}, format="json").status_code == 403
    assert api_as(pending.user).get("/api/v1/artists/me/").json()["status"] == "pending"
    # A pending artist may put their details right before an admin looks; approving stays with admins.
    fixed = api_as(pending.user).patch("/api/v1/artists/me/", {"city": "Hull", "status": "approved"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["status"] == "pending"
    assert Artist.objects.get(pk=suspended.pk).city == "York"
    assert Artist.objects.get(pk=pending.pk).city == "Hull"
    assert api_as(marketplace["maya"].user).put("/api/v1/artists/me/", {}, format="json").status_code == 405


def test_no_artist_can_take_the_slug_me(marketplace):
    me = make_artist(username="meg", display_name="Me")

    assert me.slug == "me-2"
    assert api_as().get("/api/v1/artists/me-2/").json()["name"] == "Me"


# --- categories ------------------------------------------------------------------------------


def test_anyone_reads_the_public_categories(marketplace):
    hidden = Category.add_root(name="Secret", is_public=False)

    response = api_as().get("/api/v1/categories/")

    assert response.status_code == 200
    assert [c["name"] for c in response.json()["results"]] == ["Painting", "Oil", "Prints"]
    assert response.json()["results"][0] == {
        "id": marketplace["painting"].pk,
        "name": "Painting",
        "slug": "painting",
        "description": "",
    }
    assert api_as().get(f"/api/v1/categories/{hidden.pk}/").status_code == 404


def test_an_admin_creates_edits_and_deletes_a_category(marketplace, admin):
    api = api_as(admin)

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
    response = api_as(admin).post("/api/v1/categories/", {"description": "Nameless"}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_only_admins_manage_categories(marketplace, buyer):
    painting = marketplace["painting"]
    for caller, expected in ((None, 401), (buyer, 403), (marketplace["maya"].user, 403)):
        api = api_as(caller)
        assert api.post("/api/v1/categories/", {"name": "Mine"}, format="json").status_code == expected
        assert api.patch(f"/api/v1/categories/{painting.pk}/", {"name": "X"}, format="json").status_code == expected
        assert api.delete(f"/api/v1/categories/{painting.pk}/").status_code == expected
    assert not Category.objects.filter(name="Mine").exists()
    assert Category.objects.get(pk=painting.pk).name == "Painting"


def test_the_schema_says_category_reads_need_no_login_and_writes_do(client):
    paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]

    for path in ("/api/v1/categories/", "/api/v1/categories/{id}/"):
        assert {} in paths[path]["get"]["security"], f"GET {path} is public"
    for path, method in (("/api/v1/categories/", "post"), ("/api/v1/categories/{id}/", "patch")):
        assert {} not in paths[path][method]["security"], f"{method.upper()} {path} needs an admin"
