"""Featured artworks in the one artwork query, the catalogue pages, the cards and the home page.

"Featured now" = a running listing AND a live artwork with units left, asked at query time: an
expiry (the clock), a sale, a hide or a suspension ends it at once, with no sweep and no save.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from artists.services import suspend_artist
from artists.tests.factories import make_artist
from shop.catalogue.discovery import ArtworkFilters, find_artworks
from shop.catalogue.discovery.featured import featured_ids, featured_now_ids, featured_now_q, is_featured_map
from shop.catalogue.listing import catalogue_version
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.featured_rows import feature

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = pytest.mark.django_db

CARD_TITLE = re.compile(r'class="artwork-card__title"><a href="[^"]*">([^<]*)</a>')


def card_titles(response) -> list[str]:
    assert response.status_code == 200
    return CARD_TITLE.findall(response.content.decode())


def sell_out(artwork):
    record = artwork.stockrecords.get()
    record.num_allocated = record.num_in_stock
    record.save()


@pytest.fixture
def gallery(site_pages):
    """Ten artworks, A (oldest) to J (newest), by two artists; prices rise with the letter."""
    painting = Category.add_root(name="Painting")
    prints = Category.add_root(name="Prints")
    maya, theo = make_artist(username="maya"), make_artist(username="theo", city="Manchester")
    artworks = {}
    for n, letter in enumerate("ABCDEFGHIJ"):
        artist = maya if n % 2 == 0 else theo
        category = painting if n < 5 else prints
        artworks[letter] = make_artwork(artist, title=letter, price=f"{100 + n}.00", category=category)
    return {"maya": maya, "theo": theo, "painting": painting, "prints": prints, **artworks}


def titles_of(ids) -> list[str]:
    by_id = dict(Product.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [by_id[pk] for pk in ids]


def default_order(filters=None) -> list[str]:
    results = find_artworks(filters or ArtworkFilters())
    return titles_of(results.page_ids(0, 100))


# --- the definition -------------------------------------------------------------------------------


def test_featured_now_is_a_running_listing_of_a_live_artwork_with_units_left(gallery):
    now = timezone.now()
    feature(gallery["B"])
    feature(gallery["C"], starts_at=now + timedelta(hours=1))  # not started
    feature(gallery["D"], starts_at=now - timedelta(days=8), days=7)  # ended yesterday
    feature(gallery["E"], status="pending_payment")
    feature(gallery["F"], status="ended")
    ids = {a.pk for a in Product.objects.all()}

    assert set(Product.objects.filter(featured_now_q()).values_list("pk", flat=True)) == {gallery["B"].pk}
    assert is_featured_map(ids) == {gallery["B"].pk}
    assert featured_ids() == [gallery["B"].pk]
    assert is_featured_map([]) == set()


def test_the_clock_ends_a_featuring_without_any_save(gallery):
    feature(gallery["B"], days=3)
    assert featured_ids() == [gallery["B"].pk]

    with time_machine.travel(timezone.now() + timedelta(days=3, seconds=1)):
        assert featured_ids() == []
        assert is_featured_map([gallery["B"].pk]) == set()
        assert default_order() == list("JIHGFEDCBA")


def test_the_cached_featured_set_is_exact_by_the_clock(gallery):
    now = timezone.now()
    feature(gallery["C"], starts_at=now + timedelta(hours=1), days=7)
    feature(gallery["D"], days=1)
    assert featured_now_ids() == {gallery["D"].pk}

    with time_machine.travel(now + timedelta(hours=1, minutes=1)):  # C starts: no save, no version bump
        assert featured_now_ids() == {gallery["C"].pk, gallery["D"].pk}
    with time_machine.travel(now + timedelta(days=1, minutes=1)):  # D ends
        assert featured_now_ids() == {gallery["C"].pk}
    sell_out(gallery["D"])
    assert featured_now_ids() == frozenset()


@pytest.mark.parametrize("ending", ["sold out", "hidden", "suspended artist", "unpublished"])
def test_an_artwork_stops_being_featured_at_once(gallery, ending):
    artwork = gallery["A"]  # maya's
    feature(artwork)
    assert default_order()[0] == "A"

    if ending == "sold out":
        sell_out(artwork)
    elif ending == "hidden":
        hide_artwork(artwork=artwork, reason="Blurry photo")
    elif ending == "suspended artist":
        suspend_artist(artist=gallery["maya"], reason="Unpaid fees")
    else:
        artwork.is_public = False
        artwork.save()

    assert featured_ids() == []
    assert is_featured_map([artwork.pk]) == set()
    assert default_order()[0] == "J"


def test_featuring_makes_cached_pages_stale(gallery):
    before = catalogue_version()
    listing = feature(gallery["A"])
    assert catalogue_version() != before
    before = catalogue_version()
    listing.status = "ended"
    listing.save()
    assert catalogue_version() != before


# --- the default order -----------------------------------------------------------------------------


def test_featured_artworks_come_first_newest_first_then_the_rest_newest_first(gallery):
    feature(gallery["C"])
    feature(gallery["F"])

    assert default_order() == list("FCJIHGEDBA")
    assert find_artworks(ArtworkFilters()).count == 10  # each artwork counted once


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 7])
def test_pages_never_overlap_or_skip_across_the_featured_boundary(gallery, page_size):
    for letter in "ACE":
        feature(gallery[letter])
    results = find_artworks(ArtworkFilters())

    pages = [results.page_ids(offset, page_size) for offset in range(0, 10, page_size)]
    flat = [pk for page in pages for pk in page]

    assert titles_of(flat) == list("ECAJIHGFDB")
    assert [a.title for a in results.page(2, 3)] == list("AJI")  # the artworks themselves, same order


def test_filters_apply_to_the_featured_ones_too(gallery):
    feature(gallery["B"])  # painting, theo
    feature(gallery["H"])  # prints, theo

    prints_only = ArtworkFilters(categories=(gallery["prints"],))
    assert default_order(prints_only) == list("HJIGF")
    assert default_order(ArtworkFilters(artist_id=gallery["maya"].pk)) == list("IGECA")
    assert default_order(ArtworkFilters(featured=True)) == list("HB")
    assert default_order(ArtworkFilters(featured=False)) == list("JIGFEDCA")
    assert find_artworks(ArtworkFilters(featured=True)).count == 2
    assert find_artworks(ArtworkFilters(featured=False)).count == 8


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("newest", "JIHGFEDCBA"), ("price", "ABCDEFGHIJ"), ("-price", "JIHGFEDCBA"), ("title", "ABCDEFGHIJ")],
)
def test_explicit_orders_are_pure(gallery, sort, expected):
    feature(gallery["E"])
    assert default_order(ArtworkFilters(sort=sort)) == list(expected)


def test_the_studio_list_ignores_featuring(gallery):
    feature(gallery["A"])
    own = find_artworks(ArtworkFilters(), artworks=Product.objects.owned_by(gallery["maya"]))
    assert titles_of(own.page_ids(0, 10)) == list("IGECA")


# --- the site -------------------------------------------------------------------------------------


def test_the_catalogue_page_puts_featured_first_and_marks_them(client, gallery):
    feature(gallery["B"])

    response = client.get("/shop/")

    assert card_titles(response) == list("BJIHGFEDCA")
    html = response.content.decode()
    assert html.count("badge-featured") == 1
    assert '<option value="featured" selected>Featured</option>' in html
    assert card_titles(client.get("/shop/?sort_by=newest")) == list("JIHGFEDCBA")
    assert card_titles(client.get("/shop/?sort_by=price-asc")) == list("ABCDEFGHIJ")
    assert card_titles(client.get("/shop/?page_size=12&kind=original"))[0] == "B"


def badge_on_card(html: str, title: str) -> bool:
    start = html.index(f">{title}</a>")
    card = html[html.rindex('<article class="artwork-card">', 0, start) : start]
    return "badge-featured" in card


def test_the_badge_is_never_stale_though_cards_are_cached(client, gallery):
    feature(gallery["B"], days=2)
    html = client.get("/shop/?sort_by=title-asc").content.decode()
    assert badge_on_card(html, "B") and not badge_on_card(html, "A")

    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):  # no save, no version bump
        html = client.get("/shop/?sort_by=title-asc").content.decode()
        assert not badge_on_card(html, "B")

    sell_out(gallery["B"])
    html = client.get("/shop/?sort_by=title-asc").content.decode()
    assert not badge_on_card(html, "B")


def test_a_sale_takes_the_badge_and_the_first_place_away_at_once(client, gallery):
    feature(gallery["B"])
    assert card_titles(client.get("/shop/"))[0] == "B"

    sell_out(gallery["B"])

    html = client.get("/shop/").content.decode()
    assert "badge-featured" not in html
    assert card_titles(client.get("/shop/"))[:2] == ["J", "I"]


def test_a_new_featuring_shows_on_a_cached_anonymous_page(client, gallery):
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300):
        assert card_titles(client.get("/shop/"))[0] == "J"
        feature(gallery["C"])
        assert card_titles(client.get("/shop/"))[0] == "C"


def test_the_home_page_has_a_featured_row_only_when_something_is_featured(client, gallery):
    assert "home-featured" not in client.get("/").content.decode()

    feature(gallery["D"])
    feature(gallery["G"])
    html = client.get("/").content.decode()

    row = html[html.index('class="container section home-featured"') :]
    row = row[: row.index("</section>")]
    assert CARD_TITLE.findall(row) == ["G", "D"]
    assert row.count("badge-featured") == 2

    sell_out(gallery["G"])
    suspend_artist(artist=gallery["theo"], reason="Unpaid fees")  # D is theo's
    assert "home-featured" not in client.get("/").content.decode()


# --- costs ----------------------------------------------------------------------------------------


def queries_for(client, url) -> int:
    client.get(url)  # warm: site root, templates
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/shop/", "/shop/?sort_by=newest", "/shop/search/?q=study", "/"])
def test_list_pages_cost_the_same_for_3_or_30_artworks_featured_or_not(client, site_pages, url):
    artists = [make_artist(username=f"artist{n}") for n in range(3)]

    def add(n):
        artwork = make_artwork(artists[n % 3], title=f"Study {n}")
        if n % 2 == 0:
            feature(artwork)

    for n in range(3):
        add(n)
    few = queries_for(client, url + ("&" if "?" in url else "?") + "page_size=48")
    for n in range(3, 30):
        add(n)
    many = queries_for(client, url + ("&" if "?" in url else "?") + "page_size=48")

    # Never more; the home page's "recommended" row even saves its top-up reads once enough are featured.
    assert many <= few
    assert many == few or url == "/"
