"""Anonymous pages come from the cache, and never outlive a change to what they show."""

import pytest
from django.test import override_settings
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from artists.services import ensure_artist_page, suspend_artist
from artists.tests.factories import make_artist
from shop.catalogue.page_cache import HEADER
from shop.catalogue.tests.factories import make_artwork
from shop.order.tests.factories import make_order

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
update_artwork = get_class("catalogue.services", "update_artwork")

CATALOGUE = "/shop/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cached_pages")]


@pytest.fixture
def cached_pages():
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300):
        yield


@pytest.fixture
def maya(site_pages):
    artist = make_artist(username="maya", display_name="Maya Lindqvist")
    ensure_artist_page(artist=artist).get_latest_revision().publish()
    return artist


@pytest.fixture
def original(maya):
    """A one-of-a-kind painting, the only artwork in the shop."""
    painting = Category.add_root(name="Painting", slug="painting")
    artwork = make_artwork(maya, title="Estuary at Seven", price="1450.00", category=painting, medium="Oil")
    return Product.objects.get(pk=artwork.pk)


def get(client, url):
    response = client.get(url)
    return response, response.get(HEADER), response.content.decode()


def buy(artwork, django_capture_on_commit_callbacks):
    """Ben orders the artwork through the order creator the checkout uses; stock is allocated on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_order(UserFactory(username="ben"), artwork)


def test_the_catalogue_and_an_artwork_page_are_served_from_the_cache_the_second_time(client, original):
    for url in (CATALOGUE, original.get_absolute_url(), "/shop/search/?q=estuary", "/", "/artists/"):
        first, first_source, first_body = get(client, url)
        second, second_source, second_body = get(client, url)

        assert first.status_code == second.status_code == 200, url
        assert (first_source, second_source) == ("miss", "hit"), url
        assert second_body == first_body
    assert not second.cookies, "a cached page carries no cookie, least of all another visitor's"


def test_a_logged_in_visitor_is_never_served_the_cached_copy(client, original):
    url = original.get_absolute_url()
    get(client, url)
    assert get(client, url)[1] == "hit"

    client.force_login(UserFactory(username="bea"))
    response, source, body = get(client, url)

    assert response.status_code == 200
    assert source is None
    assert "Log out" in body and 'id="add_to_basket_form"' in body  # her page, with the real form


def test_a_sold_out_artwork_never_shows_as_available_from_the_cache(
    client, original, django_capture_on_commit_callbacks
):
    url = original.get_absolute_url()
    for page in (url, CATALOGUE):
        get(client, page)
    _, source, body = get(client, url)
    assert source == "hit" and "Add to basket" in body and "Available" in body
    _, source, body = get(client, CATALOGUE)
    assert source == "hit" and "Estuary at Seven" in body and "badge-sold" not in body

    buy(original, django_capture_on_commit_callbacks)

    response, source, body = get(client, url)
    assert response.status_code == 200 and source == "miss"
    assert "Add to basket" not in body and "This original has found a home." in body
    _, source, body = get(client, CATALOGUE)
    assert source == "miss"
    assert "badge-sold" in body or "Estuary at Seven" not in body


def test_an_edited_title_shows_at_once(client, original, django_capture_on_commit_callbacks):
    url = original.get_absolute_url()
    for page in (url, CATALOGUE):
        get(client, page)
        assert get(client, page)[1] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        renamed = update_artwork(artwork=original, title="Estuary at Dawn")

    response, source, body = get(client, renamed.get_absolute_url())
    assert response.status_code == 200 and source == "miss"
    assert "Estuary at Dawn" in body and "Estuary at Seven" not in body
    _, source, body = get(client, CATALOGUE)
    assert source == "miss" and "Estuary at Dawn" in body and "Estuary at Seven" not in body


def test_a_suspended_artists_pages_and_artworks_leave_the_cache(
    client, maya, original, django_capture_on_commit_callbacks
):
    artist_page = maya.page.url
    pages = (original.get_absolute_url(), CATALOGUE, artist_page)
    for page in pages:
        get(client, page)
        response, source, body = get(client, page)
        assert response.status_code == 200 and source == "hit" and "Estuary at Seven" in body, page

    with django_capture_on_commit_callbacks(execute=True):
        suspend_artist(artist=maya, reason="Unpaid fees")

    assert client.get(original.get_absolute_url()).status_code == 404
    assert client.get(artist_page).status_code == 404
    _, source, body = get(client, CATALOGUE)
    assert source == "miss" and "Estuary at Seven" not in body


def test_publishing_a_page_makes_the_cached_copy_stale(client, maya, original, django_capture_on_commit_callbacks):
    page = maya.page
    get(client, page.url)
    assert get(client, page.url)[1] == "hit"

    page.intro = "Tidal light, painted on the quay."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    _, source, body = get(client, page.url)
    assert source == "miss" and "Tidal light, painted on the quay." in body


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_that_shows_it(client, original):
    url = original.get_absolute_url()
    get(client, url)
    assert get(client, url)[1] == "hit"

    # A guest's add-to-cart is refused with a message (and a redirect to log in), kept in a cookie.
    client.post(f"/shop/basket/add/{original.pk}/", {"quantity": 1})
    response, source, body = get(client, url)

    assert source is None
    assert "Log in or create an account to add artworks to your cart." in body


def test_a_page_that_sets_a_cookie_is_never_stored(client, maya):
    # A sold-out print offers guests a stock alert form, whose CSRF token sets a cookie.
    sold_out = make_artwork(maya, title="Harbour Print", price="80.00", stock=0, is_original=False, edition_size=20)
    url = Product.objects.get(pk=sold_out.pk).get_absolute_url()

    first, second = client.get(url), client.get(url)

    assert "csrftoken" in first.cookies
    assert first[HEADER] == second[HEADER] == "bypass"


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0)
def test_a_zero_lifetime_switches_the_cache_off(client, original):
    url = original.get_absolute_url()
    client.get(url)
    assert HEADER not in client.get(url)
