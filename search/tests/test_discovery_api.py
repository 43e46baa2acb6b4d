"""The discovery routes as clients call them, and the catalogue when stock is over-promised."""

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_artworks

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def artworks(site_pages):
    maya = make_artist(username="maya")
    return [make_artwork(maya, title=f"Harbour {n}", price="90.00") for n in range(3)]


def test_anyone_gets_recommendations_and_similar_artworks(artworks):
    api = APIClient()

    recommended = api.get("/api/v1/recommendations/")
    similar = api.get(f"/api/v1/products/{artworks[0].pk}/similar/")

    assert recommended.status_code == 200
    assert {item["title"] for item in recommended.json()["results"]} == {"Harbour 0", "Harbour 1", "Harbour 2"}
    assert similar.status_code == 200
    assert artworks[0].title not in {item["title"] for item in similar.json()["results"]}
    assert api.get("/api/v1/products/999999/similar/").status_code == 404


def test_the_catalogue_survives_more_units_promised_than_in_stock(client, artworks):
    # MariaDB stores stock as UNSIGNED; the "units left" arithmetic must not overflow.
    StockRecord.objects.filter(product=artworks[0]).update(num_in_stock=0, num_allocated=1)

    response = client.get("/shop/", {"in_stock": "on"})

    assert response.status_code == 200
    assert artworks[0] not in shown_artworks(response)
