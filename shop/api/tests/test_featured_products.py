"""`products/` and featuring: the `featured` flag, `?featured=`, the default order, fixed query costs."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artiqo.testing import api_as
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.featured_rows import feature

pytestmark = pytest.mark.django_db


def listed(url: str) -> list[tuple[str, bool]]:
    response = api_as().get(url)
    assert response.status_code == 200, response.content
    return [(item["title"], item["featured"]) for item in response.json()["results"]]


def test_featured_artworks_come_first_with_their_flag(marketplace):
    older = make_artwork(marketplace["theo"], title="Older Study", price="50.00")
    make_artwork(marketplace["maya"], title="Newest Sketch", price="60.00")
    feature(marketplace["harbour"])
    feature(older)

    assert listed("/api/v1/products/") == [
        ("Older Study", True),
        ("Harbour Blue", True),
        ("Newest Sketch", False),
        ("Quay Study", False),
        ("Ancoats Grid", False),
    ]
    body = api_as().get(f"/api/v1/products/{older.pk}/").json()
    assert body["featured"] is True


def test_explicit_orderings_ignore_featuring(marketplace):
    feature(marketplace["harbour"])  # £980, the oldest

    def titles(url):
        return [title for title, _ in listed(url)]

    assert titles("/api/v1/products/?ordering=-created") == ["Quay Study", "Ancoats Grid", "Harbour Blue"]
    assert titles("/api/v1/products/?ordering=price") == ["Quay Study", "Ancoats Grid", "Harbour Blue"]
    assert titles("/api/v1/products/?ordering=-price") == ["Harbour Blue", "Ancoats Grid", "Quay Study"]
    assert titles("/api/v1/products/?ordering=title") == ["Ancoats Grid", "Harbour Blue", "Quay Study"]
    assert titles("/api/v1/products/") == ["Harbour Blue", "Quay Study", "Ancoats Grid"]


def test_featured_true_returns_exactly_the_featured_now(marketplace):
    stale = make_artwork(marketplace["maya"], title="Expired Feature")
    feature(stale, starts_at=timezone.now() - timedelta(days=10), days=7)
    feature(marketplace["grid"])

    assert listed("/api/v1/products/?featured=true") == [("Ancoats Grid", True)]
    assert api_as().get("/api/v1/products/?featured=true").json()["count"] == 1
    assert listed("/api/v1/products/?featured=false") == [
        ("Expired Feature", False),
        ("Quay Study", False),
        ("Harbour Blue", False),
    ]
    assert listed("/api/v1/products/?featured=true&city=bristol") == []

    with time_machine.travel(timezone.now() + timedelta(days=8)):  # the clock alone ends it
        assert listed("/api/v1/products/?featured=true") == []
        assert api_as().get("/api/v1/products/?featured=true").json()["count"] == 0
        assert ("Ancoats Grid", False) in listed("/api/v1/products/")


def test_a_sold_out_featured_artwork_loses_its_flag_and_place(marketplace):
    feature(marketplace["harbour"])
    record = marketplace["harbour"].stockrecords.get()
    record.num_allocated = 1
    record.save()

    assert listed("/api/v1/products/") == [("Quay Study", False), ("Ancoats Grid", False), ("Harbour Blue", False)]
    assert listed("/api/v1/products/?featured=true") == []


@pytest.mark.parametrize("value", ["maybe", "2", "yes please", "truee"])
def test_a_bad_featured_value_is_a_400_naming_it(marketplace, value):
    response = api_as().get(f"/api/v1/products/?featured={value}")

    assert response.status_code == 400
    assert "featured" in response.json()


@pytest.mark.django_db(transaction=True)  # InnoDB indexes FULLTEXT at commit
def test_a_search_puts_a_featured_artwork_first_among_equal_matches(marketplace):
    first = make_artwork(marketplace["maya"], title="Dune Study", description="Sand.")
    make_artwork(marketplace["maya"], title="Dune Study", description="Sand.")
    feature(first)

    response = api_as().get("/api/v1/products/?search=dune")
    ids = [item["id"] for item in response.json()["results"]]

    assert ids[0] == first.pk
    assert response.json()["results"][0]["featured"] is True


def queries_for(url: str) -> int:
    client = api_as()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/products/?page_size=48",
        "/api/v1/products/?featured=true&page_size=48",
        "/api/v1/products/?ordering=price&page_size=48",
        "/api/v1/products/?search=study&page_size=48",
        "/api/v1/featured/?limit=24",
    ],
)
def test_lists_cost_the_same_for_3_or_30_artworks_featured_or_not(site_pages, url):
    artists = [make_artist(username=f"artist{n}") for n in range(3)]

    def add(n):
        artwork = make_artwork(artists[n % 3], title=f"Study {n}")
        if n % 2 == 0:
            feature(artwork)

    for n in range(3):
        add(n)
    few = queries_for(url)
    for n in range(3, 30):
        add(n)
    many = queries_for(url)

    assert many == few <= 8
