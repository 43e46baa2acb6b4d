"""Featuring in search, `featured/` and `recommendations/`; the catalogue, the search and the API agree.

The ranking tests commit (transaction=True): InnoDB adds to a FULLTEXT index only at commit, and
they run on SQLite FTS5 and, under `make test-concurrency`, on MariaDB FULLTEXT alike.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from oscar.core.loading import get_class

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.services import suspend_artist
from artists.tests.factories import make_artist
from search.recommendations import popular_artwork_ids, recommended_for
from shop.catalogue.discovery import ArtworkFilters, find_artworks
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.featured_rows import feature

pytestmark = pytest.mark.sqlite  # CI runs these on SQLite too: they ask what only SQLite answers

hide_artwork = get_class("catalogue.services", "hide_artwork")

CARD_TITLE = re.compile(r'class="artwork-card__title"><a href="([^"]*)">([^<]*)</a>')
committed = pytest.mark.django_db(transaction=True)


def sell_out(artwork):
    record = artwork.stockrecords.get()
    record.num_allocated = record.num_in_stock
    record.save()


def site_urls(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [href for href, _ in CARD_TITLE.findall(response.content.decode())]


def api_ids(url) -> list[int]:
    response = api_as().get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def lighthouses(site_pages):
    """A strong match, two equal ones (same text, same artist), and a weak one (the word only in the description)."""
    maya = make_artist(username="maya", display_name="Maya Okafor")
    return {
        "maya": maya,
        "weak": make_artwork(maya, title="Harbour Wall", description="A lighthouse far off."),
        "strong": make_artwork(maya, title="Lighthouse, lighthouse", description="Two lights."),
        "older_twin": make_artwork(maya, title="Lighthouse Study", description="Grey sea."),
        "newer_twin": make_artwork(maya, title="Lighthouse Study", description="Grey sea."),
    }


def ranked(text="lighthouse") -> list[int]:
    return find_artworks(ArtworkFilters(text=text)).page_ids(0, 50)


@committed
def test_a_featured_artwork_goes_first_among_equal_matches_only(lighthouses):
    strong, older, newer, weak = (lighthouses[k] for k in ("strong", "older_twin", "newer_twin", "weak"))
    assert ranked() == [strong.pk, newer.pk, older.pk, weak.pk]  # equal ranks: newest first

    feature(older)
    feature(weak)  # featuring breaks ties, it does not lift a weaker match

    assert ranked() == [strong.pk, older.pk, newer.pk, weak.pk]
    assert api_ids("/api/v1/products/?search=lighthouse") == [strong.pk, older.pk, newer.pk, weak.pk]


@committed
def test_the_tie_break_follows_the_clock_though_the_ranking_is_cached(lighthouses):
    older, newer = lighthouses["older_twin"], lighthouses["newer_twin"]
    feature(older, days=1)
    assert ranked()[1:3] == [older.pk, newer.pk]

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert ranked()[1:3] == [newer.pk, older.pk]


@committed
def test_the_site_search_shows_the_same_order(client, lighthouses):
    feature(lighthouses["older_twin"])
    urls = site_urls(client, "/shop/search/?q=lighthouse")
    expected = [lighthouses[k].get_absolute_url() for k in ("strong", "older_twin", "newer_twin", "weak")]
    assert urls == expected


@pytest.mark.django_db
def test_catalogue_api_and_featured_endpoint_agree(client, site_pages):
    maya, theo = make_artist(username="maya"), make_artist(username="theo", city="Leeds")
    artworks = [make_artwork((maya, theo)[n % 2], title=f"Work {n}", price=f"{10 + n}.00") for n in range(9)]
    for n in (1, 4, 6):
        feature(artworks[n])
    expected_featured = [artworks[6].pk, artworks[4].pk, artworks[1].pk]

    catalogue = site_urls(client, "/shop/?page_size=12")
    api = api_ids("/api/v1/products/?page_size=12")
    featured = api_ids("/api/v1/featured/")
    url_of = {artwork.pk: artwork.get_absolute_url() for artwork in artworks}

    assert featured == expected_featured
    assert api[:3] == expected_featured
    assert catalogue == [url_of[pk] for pk in api]
    assert len(api) == len(set(api)) == 9
    # Page by page, across the featured boundary, still the same order and no artwork twice.
    paged = api_ids("/api/v1/products/?page_size=2") + api_ids("/api/v1/products/?page_size=2&page=2")
    assert paged == api[:4]
    site_paged = site_urls(client, "/shop/?page_size=12&page=1")
    assert site_paged == catalogue


@pytest.mark.django_db
def test_featured_lists_only_what_is_featured_now(site_pages):
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    sold, hidden, suspended, expired, shown = (
        make_artwork(artist, title=title)
        for artist, title in [(maya, "Sold"), (maya, "Hidden"), (theo, "Suspended"), (maya, "Expired"), (maya, "Shown")]
    )
    for artwork in (sold, hidden, suspended, shown):
        feature(artwork)
    feature(expired, starts_at=timezone.now() - timedelta(days=9), days=7)
    sell_out(sold)
    hide_artwork(artwork=hidden, reason="Blurry photo")
    suspend_artist(artist=theo, reason="Fraud")

    response = api_as().get("/api/v1/featured/")

    assert response.status_code == 200
    assert [(a["title"], a["featured"]) for a in response.json()["results"]] == [("Shown", True)]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "25", "x", "-1"])
def test_featured_refuses_a_bad_limit(site_pages, limit):
    assert api_as().get(f"/api/v1/featured/?limit={limit}").status_code == 400


@pytest.mark.django_db
def test_featured_is_limited(site_pages):
    artists = [make_artist(username=f"artist{n}") for n in range(3)]
    for n in range(15):
        feature(make_artwork(artists[n % 3], title=f"Work {n}"))

    assert len(api_ids("/api/v1/featured/")) == 12
    assert len(api_ids("/api/v1/featured/?limit=3")) == 3


@pytest.mark.django_db
def test_recommendations_without_orders_start_with_featured_never_sold_out(site_pages):
    maya = make_artist(username="maya")
    artworks = [make_artwork(maya, title=f"Work {n}") for n in range(6)]
    feature(artworks[0])
    feature(artworks[2])
    feature(artworks[3])
    sell_out(artworks[3])
    newcomer = UserFactory(username="newcomer")

    for user in (None, newcomer):
        ids = [artwork.pk for artwork in recommended_for(user, limit=4)]
        assert ids[:2] == [artworks[2].pk, artworks[0].pk]
        assert artworks[3].pk not in ids
        assert len(ids) == len(set(ids)) == 4

    assert api_ids("/api/v1/recommendations/?limit=4")[:2] == [artworks[2].pk, artworks[0].pk]
    assert api_as(newcomer).get("/api/v1/recommendations/?limit=4").json()["results"][0]["featured"] is True
    assert popular_artwork_ids(2, exclude=[artworks[2].pk]) == [artworks[0].pk, artworks[5].pk]
