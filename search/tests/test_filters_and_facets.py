"""Catalogue filters, their combinations and facet counts, computed in the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artists.tests.factories import make_artist
from search.forms import BrowseForm
from shop.catalogue.discovery import find_artworks
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles
from shop.marketplace.tests.factories import on_unlimited_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery(site_pages):
    from oscar.core.loading import get_class

    create_from_breadcrumbs = get_class("catalogue.categories", "create_from_breadcrumbs")
    painting, prints = create_from_breadcrumbs("Painting"), create_from_breadcrumbs("Prints")
    maya = make_artist(username="maya", city="Bristol")
    theo = make_artist(username="theo", city="Manchester")
    make_artwork(maya, title="Harbour Blue", price="980.00", category=painting, medium="Oil on canvas")
    make_artwork(
        maya, title="Severn Light", price="85.00", stock=10, is_original=False, category=prints, medium="Giclée print"
    )
    make_artwork(
        theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, category=prints, medium="Screen print"
    )
    make_artwork(theo, title="Press Proof", price="260.00", stock=0, category=painting, medium="Oil on canvas")


def results(params: dict):
    """The catalogue's answer to the site's query string."""
    return find_artworks(BrowseForm(params).artwork_filters())


def titles(params):
    answer = results({"sort_by": "title-asc", **params})
    return [artwork.title for artwork in answer.page(0, 100)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"city": "bristol"}, ["Harbour Blue", "Severn Light"]),
        ({"artist": "theo"}, ["Ancoats Grid", "Press Proof"]),
        ({"category": "prints"}, ["Ancoats Grid", "Severn Light"]),
        ({"kind": "original"}, ["Harbour Blue", "Press Proof"]),
        ({"medium": "oil on canvas"}, ["Harbour Blue", "Press Proof"]),
        ({"min_price": "100", "max_price": "300"}, ["Ancoats Grid", "Press Proof"]),
        ({"in_stock": True}, ["Ancoats Grid", "Harbour Blue", "Severn Light"]),
        ({"city": "Manchester", "kind": "print", "max_price": "200"}, ["Ancoats Grid"]),
        ({"city": "Bristol", "category": "prints", "in_stock": True}, ["Severn Light"]),
        ({"city": "Leeds"}, []),
    ],
)
def test_filters_combine(gallery, filters, expected):
    assert titles(filters) == expected


def test_sorting_by_price_both_ways(gallery):
    assert titles({"sort_by": "price-asc"})[0] == "Severn Light"
    assert titles({"sort_by": "price-desc"})[0] == "Harbour Blue"


def test_facets_count_under_the_other_filters(gallery):
    facets = results({"city": "Bristol", "kind": "print"}).facets

    as_dict = {name: {row["label"]: row["count"] for row in rows} for name, rows in facets.items()}
    assert as_dict["city"] == {"Bristol": 1, "Manchester": 1}, "a facet ignores its own filter"
    assert as_dict["kind"] == {"Originals": 1, "Prints": 1}
    assert as_dict["category"] == {"Prints": 1}
    assert as_dict["artist"] == {"Maya": 1}


def test_the_page_shows_facets_and_reports_no_error_for_bad_values(client, gallery):
    response = client.get("/shop/", {"city": "Bristol", "min_price": "abc", "page_size": "7", "sort_by": "nope"})

    assert response.status_code == 200
    assert set(shown_titles(response)) == {"Harbour Blue", "Severn Light"}
    assert {"min_price", "page_size", "sort_by"} <= set(response.context["form"].errors)
    assert response.context["active_filters"] == {"city": "Bristol"}


def test_page_size_choice(client, gallery):
    for n in range(14):
        make_artwork(gallery_artist(), title=f"Study {n:02d}", price="50.00")

    assert len(shown_titles(client.get("/shop/", {"page_size": 12}))) == 12
    assert len(shown_titles(client.get("/shop/", {"page_size": 24}))) == 18


def gallery_artist():
    from artists.models import Artist

    return Artist.objects.get(slug="maya")


def count_queries(client, url) -> int:
    client.get(url)  # the first visit fills caches filled once (site root, thumbnails)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", ["/shop/", "/shop/search/?q=harbour", "/shop/?city=Bristol&kind=print"])
def test_list_pages_use_the_same_number_of_queries_for_4_or_40_artworks(client, gallery, url):
    on_unlimited_plan(gallery_artist())  # 36 more than the free plan's 20 listings
    few = count_queries(client, url)
    for n in range(36):
        make_artwork(gallery_artist(), title=f"Harbour study {n}", price="40.00", stock=3, is_original=False)

    many = count_queries(client, url + ("&" if "?" in url else "?") + "page_size=48")

    assert many == few
