"""Colour and size filters of the one artwork query: site and API agree, garbage is a 400, reads stay cheap."""

import io
import time
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_class, get_model
from PIL import Image

from artiqo.testing import api_as
from shop.catalogue.discovery import ArtworkFilters, find_artworks
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles

Product = get_model("catalogue", "Product")
ArtworkColour = get_model("catalogue", "ArtworkColour")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
artwork_product_class = get_class("catalogue.services", "artwork_product_class")
open_basket_for = get_class("basket.services", "open_basket_for")
add_to_cart = get_class("basket.services", "add_to_cart")

BLUE, RED, WHITE = (30, 80, 200), (200, 30, 30), (255, 255, 255)


def upload(artwork, colour, *, detail=None):
    """A generated 40×40 picture in `colour` (with a 10×10 `detail` corner) through the image pipeline."""
    image = Image.new("RGB", (40, 40), colour)
    if detail:
        image.paste(detail, (0, 0, 10, 10))
    out = io.BytesIO()
    image.save(out, "PNG")
    return add_artwork_image(artwork=artwork, image=ContentFile(out.getvalue(), name="p.png"))


def half_and_half(artwork, left, right):
    image = Image.new("RGB", (40, 40), right)
    image.paste(left, (0, 0, 20, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return add_artwork_image(artwork=artwork, image=ContentFile(out.getvalue(), name="h.jpg"))


def cm(value):
    return Decimal(value) if value is not None else None


@pytest.fixture
def gallery(maya, theo, category):
    works = {
        # title: (artist, width, height, pictures)
        "Blue Harbour": (maya, "30", "40", [BLUE]),  # small
        "Red Field": (maya, "60", "80", ["red-white"]),  # medium
        "Blue Wall": (theo, "120", "90", [RED, BLUE]),  # large; blue in its second picture
        "Unmeasured Blue": (theo, None, None, [BLUE]),  # no size
        "White With A Blue Corner": (theo, "40.1", "20", [(WHITE, BLUE)]),  # medium; the blue is a detail
        "Grey Study": (maya, "90", "90", [(128, 128, 128)]),  # medium
    }
    artworks = {}
    for title, (artist, width, height, pictures) in works.items():
        artwork = make_artwork(artist, title=title, category=category, width_cm=cm(width), height_cm=cm(height))
        for picture in pictures:
            if picture == "red-white":
                half_and_half(artwork, RED, WHITE)
            elif isinstance(picture[0], tuple):
                upload(artwork, picture[0], detail=picture[1])
            else:
                upload(artwork, picture)
        artworks[title] = artwork
    return artworks


def site_titles(params: dict) -> set[str]:
    response = Client().get("/shop/", {**params, "page_size": 48})
    assert response.status_code == 200
    return set(shown_titles(response))


def api_titles(params: dict) -> set[str]:
    response = api_as().get("/api/v1/products/", {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return {artwork["title"] for artwork in response.json()["results"]}


QUESTIONS = [
    ({"colour": "blue"}, {"Blue Harbour", "Blue Wall", "Unmeasured Blue"}),
    ({"colour": "red"}, {"Red Field", "Blue Wall"}),
    ({"colour": "white"}, {"Red Field", "White With A Blue Corner"}),
    ({"colour": "grey"}, {"Grey Study"}),
    ({"colour": "green"}, set()),
    ({"size": "small"}, {"Blue Harbour"}),
    ({"size": "medium"}, {"Red Field", "White With A Blue Corner", "Grey Study"}),
    ({"size": "large"}, {"Blue Wall"}),
    ({"max_width_cm": "60"}, {"Blue Harbour", "Red Field", "White With A Blue Corner"}),
    ({"max_width_cm": "60", "max_height_cm": "40"}, {"Blue Harbour", "White With A Blue Corner"}),
    ({"colour": "blue", "size": "small"}, {"Blue Harbour"}),
    ({"colour": "blue", "max_height_cm": "90"}, {"Blue Harbour", "Blue Wall"}),
]


@pytest.mark.parametrize(("params", "expected"), QUESTIONS)
def test_colour_and_size_filters_find_the_same_artworks_on_the_site_and_in_the_api(gallery, params, expected):
    assert site_titles(params) == expected
    assert api_titles(params) == expected
    assert {
        a.title
        for a in find_artworks(
            ArtworkFilters(**{k: cm(v) if k.startswith("max") else v for k, v in params.items()})
        ).page(0, 50)
    } == expected


def test_the_colour_filter_agrees_by_id_between_site_and_api(gallery):
    response = Client().get("/shop/", {"colour": "blue"})
    on_site = list(response.context["artwork_ids"])
    in_api = [artwork["id"] for artwork in api_as().get("/api/v1/products/", {"colour": "blue"}).json()["results"]]

    assert on_site == in_api and len(on_site) == 3


def test_each_api_artwork_lists_its_colours_strongest_first(gallery):
    results = {a["title"]: a for a in api_as().get("/api/v1/products/", {"page_size": 100}).json()["results"]}

    assert results["Blue Harbour"]["colours"] == ["blue"]
    assert results["Red Field"]["colours"] == ["red", "white"]  # half and half: palette order breaks the tie
    assert results["Blue Wall"]["colours"] == ["red", "blue"]
    one = api_as().get(f"/api/v1/products/{gallery['Blue Harbour'].pk}/").json()
    assert one["colours"] == ["blue"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"colour": "mauve"}, "colour"),
        ({"colour": "BLUE'; DROP TABLE x"}, "colour"),
        ({"size": "huge"}, "size"),
        ({"max_width_cm": "-5"}, "max_width_cm"),
        ({"max_width_cm": "0"}, "max_width_cm"),
        ({"max_width_cm": "abc"}, "max_width_cm"),
        ({"max_width_cm": "1e9"}, "max_width_cm"),
        ({"max_height_cm": "NaN"}, "max_height_cm"),
        ({"max_height_cm": "Infinity"}, "max_height_cm"),
        ({"max_height_cm": "9" * 5000}, "max_height_cm"),
    ],
)
def test_the_api_answers_garbage_filters_with_a_400_naming_the_parameter(gallery, params, field):
    response = api_as().get("/api/v1/products/", params)

    assert response.status_code == 400
    assert field in response.json()


def test_the_site_ignores_garbage_filters_with_a_note_never_an_error(gallery):
    response = Client().get("/shop/", {"colour": "mauve", "size": "huge", "max_width_cm": "-1"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ignored an unknown colour." in page and "Ignored an unknown size." in page
    assert "Ignored an invalid width." in page
    assert len(shown_titles(response)) == len(gallery)


def test_the_catalogue_shows_colour_swatches_with_names_and_the_chosen_one_as_a_removable_filter(gallery):
    page = Client().get("/shop/", {"colour": "blue", "size": "small"}).content.decode()

    assert '<h3 class="facet__title" id="facet-colour-title">Colour</h3>' in page
    for label in ("Red", "Green", "Grey"):  # every swatch says its colour in words
        assert f'<span class="swatch__label">{label}</span>' in page
    assert 'aria-current="true" aria-label="Blue, chosen: remove this colour filter"' in page
    assert 'href="?size=small&amp;colour=red"' in page or 'href="?size=small&colour=red"' in page
    assert "Colour: Blue" in page and "Size: Small (up to 40 cm)" in page  # the chips in force
    assert 'name="colour" value="blue"' in page  # the price form keeps the colour when applied
    assert "css/colour-swatches" in page


# --- reads stay cheap ------------------------------------------------------------------------------


def queries(url: str, params=None, client=None) -> int:
    client = client or Client()
    client.get(url, params)  # warm what is filled once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_colours_cost_the_api_list_one_query_whatever_the_page_size_and_the_site_page_none(gallery, maya):
    api = api_as()
    few_api = queries("/api/v1/products/", {"page_size": 100}, api)
    few_site = queries("/shop/")
    for n in range(6):
        upload(make_artwork(maya, title=f"Study {n}", width_cm=Decimal(10), height_cm=Decimal(10)), RED, detail=BLUE)
    ArtworkColour.objects.filter(name="white").delete()
    assert queries("/api/v1/products/", {"page_size": 100}, api) == few_api
    assert queries("/shop/") == few_site

    ArtworkColour.objects.all().delete()  # the same pages without any colour: the same queries
    assert queries("/api/v1/products/", {"page_size": 100}, api) == few_api
    assert queries("/shop/") == few_site


def test_reading_a_cart_costs_the_same_queries_with_colours_for_3_lines_as_for_12(maya, theo, category, buyer):
    def queries_for_cart(lines: int) -> int:
        basket = open_basket_for(buyer)
        basket.flush()
        for n in range(lines):
            artwork = make_artwork((maya, theo)[n % 2], title=f"Cart {lines}.{n}", price="10.00")
            upload(artwork, BLUE)
            add_to_cart(basket=basket, product=artwork, quantity=1)
        api = api_as(buyer)
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/cart/")
        assert [line["product"]["colours"] for line in response.json()["lines"]] == [["blue"]] * lines
        return len(captured)

    few = queries_for_cart(3)
    assert queries_for_cart(12) == few
    assert few <= 15  # the cart's own budget (shop/basket/tests/test_cart_api.py)


def test_the_colour_filter_reads_the_name_artwork_index_at_scale(maya, category, capsys):
    """20,000 live artworks and 5,000 colour rows: the filter is an index lookup per artwork, not a scan."""
    artwork_class = artwork_product_class()
    Product.objects.bulk_create(
        (
            Product(
                structure=Product.STANDALONE,
                product_class=artwork_class,
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                artist=maya,
                is_live=True,
                listing_price=Decimal(100 + n % 500),
                units_left=1,
                width_cm=Decimal(20 + n % 150),
                height_cm=Decimal(30),
            )
            for n in range(20_000)
        ),
        batch_size=2_000,
    )
    ids = list(Product.objects.filter(title__startswith="Bulk").order_by("pk").values_list("pk", flat=True))
    colours = ("blue", "red", "green", "white", "grey")
    ArtworkColour.objects.bulk_create(
        (ArtworkColour(artwork_id=pk, name=colours[n % 5], share=Decimal("0.5")) for n, pk in enumerate(ids[::4])),
        batch_size=2_000,
    )
    results = find_artworks(ArtworkFilters(colour="blue", size="medium", sort="newest"))

    plan = results.ordered().values("pk")[:24].explain()
    started = time.perf_counter()
    page = results.page_ids(0, 24)
    page_seconds = time.perf_counter() - started
    started = time.perf_counter()
    total = results.count
    count_seconds = time.perf_counter() - started

    assert "artwork_colour_name" in plan, plan
    assert len(page) == 24 and total == sum(1 for n in range(0, 20_000, 4) if n % 20 == 0 and 40 < 20 + n % 150 <= 90)
    with capsys.disabled():
        print(
            f"\n[colour filter @20k artworks/5k colours] page {page_seconds * 1000:.1f} ms, "
            f"count+facets {count_seconds * 1000:.1f} ms\n{plan}"
        )
