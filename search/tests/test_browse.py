import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artists.models import Artist
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery(site_pages):
    maya = make_artist(username="maya", city="Bristol")
    theo = make_artist(username="theo", city="Manchester")
    return {
        "maya": maya,
        "theo": theo,
        "harbour": make_artwork(maya, title="Harbour Blue", price="980.00"),
        "grid": make_artwork(theo, title="Ancoats Grid", price="120.00", stock=10, is_original=False),
    }


def test_the_catalogue_lists_only_live_artworks_of_approved_artists(client, gallery):
    make_artwork(gallery["maya"], title="Hidden Study", is_public=False)
    Artist.objects.filter(pk=gallery["theo"].pk).update(status=Artist.Status.SUSPENDED)

    response = client.get("/shop/")

    assert response.status_code == 200
    assert shown_titles(response) == ["Harbour Blue"]


def test_sorting_by_price_puts_the_cheapest_first(client, gallery):
    response = client.get("/shop/", {"sort_by": "price-asc"})

    assert shown_titles(response) == ["Ancoats Grid", "Harbour Blue"]


def test_an_unknown_sort_or_page_is_not_an_error(client, gallery):
    assert client.get("/shop/", {"sort_by": "nonsense"}).status_code == 200
    assert client.get("/shop/", {"page": "999"}).status_code == 200


def test_the_catalogue_page_costs_the_same_queries_for_2_or_20_artworks(client, gallery):
    def queries_for_catalogue():
        client.get("/shop/")  # warm caches that are filled once (site, categories' first load)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/shop/").status_code == 200
        return len(captured)

    few = queries_for_catalogue()
    for n in range(18):
        make_artwork(gallery["maya"] if n % 2 else gallery["theo"], title=f"Study {n}", price=f"{50 + n}.00")
    many = queries_for_catalogue()

    assert many == few
