"""Text search through Wagtail search: SQLite FTS5 here, MariaDB FULLTEXT in CI.

InnoDB only updates FULLTEXT indexes at commit, so these tests commit (transaction=True).
"""

import pytest
from django.test import Client
from oscar.core.loading import get_class

from artists.services import suspend_artist
from artists.tests.factories import make_artist
from search.catalogue import suggestions
from shop.catalogue.discovery import ArtworkFilters, find_artworks
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles

update_artwork = get_class("catalogue.services", "update_artwork")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sqlite]


def search(query):
    return [artwork.title for artwork in find_artworks(ArtworkFilters(text=query)).page(0, 50)]


@pytest.fixture
def artists(site_pages):
    return {"maya": make_artist(username="maya", city="Bristol"), "theo": make_artist(username="theo", city="Leeds")}


def test_a_title_match_outranks_a_description_match(artists):
    make_artwork(artists["theo"], title="Quiet Morning", description="A lighthouse on the estuary at dawn.")
    make_artwork(artists["maya"], title="Lighthouse", description="Oil on linen.")

    assert search("lighthouse") == ["Lighthouse", "Quiet Morning"]


def test_search_reaches_artist_name_city_and_medium(artists):
    make_artwork(artists["maya"], title="Red Buoy", medium="Acrylic on panel")
    make_artwork(artists["theo"], title="Mill Windows", medium="Linocut")

    assert search("Leeds") == ["Mill Windows"]
    assert search("linocut") == ["Mill Windows"]
    assert search("maya") == ["Red Buoy"]


def test_the_index_follows_edits_and_suspensions_without_a_rebuild(artists):
    artwork = make_artwork(artists["maya"], title="Untitled Blue")
    assert search("cobalt") == []

    update_artwork(artwork=artwork, title="Cobalt Harbour")
    assert search("cobalt") == ["Cobalt Harbour"]

    suspend_artist(artist=artists["maya"])
    assert search("cobalt") == []


def test_the_search_page_separates_artworks_and_artists(artists):
    from artists.models import ArtistPage

    page = ArtistPage.objects.get(artist=artists["theo"])
    page.intro = "Printmaker in a railway arch"
    page.save_revision().publish()
    make_artwork(artists["theo"], title="Railway Arch No. 2")

    response = Client().get("/shop/search/", {"q": "railway"})

    assert response.status_code == 200
    assert shown_titles(response) == ["Railway Arch No. 2"]
    assert [artist_page.title for artist_page in response.context["artist_results"]] == ["Theo"]


def test_autocomplete_suggests_artworks_and_artists_by_prefix(artists):
    make_artwork(artists["maya"], title="Harbour Blue")
    from artists.models import ArtistPage

    ArtistPage.objects.get(artist=artists["maya"]).save_revision().publish()

    found = suggestions("harb")
    assert [item["title"] for item in found["artworks"]] == ["Harbour Blue"]
    assert [item["name"] for item in suggestions("may")["artists"]] == ["Maya"]
    assert Client().get("/shop/search/autocomplete/", {"q": "harb"}).json()["artworks"][0]["artist"] == "Maya"
