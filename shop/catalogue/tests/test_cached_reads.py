"""What list and artwork pages keep in the cache (rankings, related rows, the filter sidebar, the
footer menu) goes stale with the catalogue version, even with whole-page caching off."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from oscar.core.loading import get_class, get_model

from artists.services import ensure_artist_page
from artists.tests.factories import make_artist
from home.models import StandardPage
from shop.catalogue.listing import VERSION_KEY, catalogue_version
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles
from shop.catalogue.tests.test_page_cache import buy

Category = get_model("catalogue", "Category")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(site_pages):
    artist = make_artist(username="maya", display_name="Maya Lindqvist", city="Bristol")
    ensure_artist_page(artist=artist).get_latest_revision().publish()
    return artist


@pytest.fixture
def painting():
    return Category.add_root(name="Painting", slug="painting")


@pytest.mark.django_db(transaction=True)  # MariaDB indexes full text at commit
def test_a_repeated_search_stops_finding_an_artwork_once_it_is_hidden(
    client, maya, painting, django_capture_on_commit_callbacks
):
    artworks = {
        title: make_artwork(maya, title=title, price="300.00", category=painting)
        for title in ("Railway Arch", "Railway Yard", "Railway Cutting")
    }
    searches = ({"q": "railway"}, {"q": "railway", "city": "Bristol"})
    first_seen = [shown_titles(client.get("/shop/search/", params)) for params in searches]
    assert all(sorted(titles) == sorted(artworks) for titles in first_seen)

    best = first_seen[0][0]  # the top hit, so a stale ranking would still show it
    with django_capture_on_commit_callbacks(execute=True):
        hide_artwork(artwork=artworks[best], reason="Not the artist's own work")

    for params, titles in zip(searches, first_seen, strict=True):
        assert shown_titles(client.get("/shop/search/", params)) == [title for title in titles if title != best]


def test_the_similar_row_drops_an_artwork_once_it_sells(client, maya, painting, django_capture_on_commit_callbacks):
    estuary = make_artwork(maya, title="Estuary at Seven", price="900.00", category=painting, medium="Oil")
    harbour = make_artwork(maya, title="Harbour Blue", price="400.00", category=painting, medium="Oil")
    assert "Harbour Blue" in client.get(estuary.get_absolute_url()).content.decode()

    buy(harbour, django_capture_on_commit_callbacks)

    body = client.get(estuary.get_absolute_url()).content.decode()
    similar = body[body.index('id="similar-title"') :] if 'id="similar-title"' in body else ""
    assert "Harbour Blue" not in similar


def oil_count(n: int) -> str:
    return f'<span class="facet__label">Oil</span> <span class="facet__count">({n})</span>'


def test_the_filter_sidebar_counts_a_new_artwork_at_once(client, maya, painting, django_capture_on_commit_callbacks):
    make_artwork(maya, title="Harbour Blue", price="400.00", category=painting, medium="Oil")
    assert (
        '<span class="facet__label">Oil</span> <span class="facet__count">(1)</span>'
        in client.get("/shop/").content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        make_artwork(maya, title="Severn Light", price="500.00", category=painting, medium="Oil")

    assert (
        '<span class="facet__label">Oil</span> <span class="facet__count">(2)</span>'
        in client.get("/shop/").content.decode()
    )


def test_the_footer_lists_an_editorial_page_once_it_is_published_in_menus(
    client, site_pages, django_capture_on_commit_callbacks
):
    assert "Commission fees" not in client.get("/shop/").content.decode()

    page = site_pages["home"].add_child(instance=StandardPage(title="Commission fees", slug="fees", show_in_menus=True))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert f'<a href="{page.url}">Commission fees</a>' in client.get("/shop/").content.decode()


def test_a_request_reads_the_version_once_and_code_outside_requests_reads_it_every_time():
    before = catalogue_version()
    cache.incr(VERSION_KEY)  # another process's change
    assert catalogue_version() == before + 1

    request_started.send(sender=None)
    try:
        seen = catalogue_version()
        cache.incr(VERSION_KEY)
        assert catalogue_version() == seen  # one request sees one catalogue
    finally:
        request_finished.send(sender=None)
    assert catalogue_version() == seen + 1
