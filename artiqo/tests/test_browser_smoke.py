"""The demo marketplace in a real browser: Debian's Chromium, driven by Playwright."""

import pytest
from oscar.core.loading import get_model

from artists.models import ArtistPage

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_walks_from_home_to_an_artist_to_an_artwork(live_server, page, demo_marketplace):
    artist_page = ArtistPage.objects.get(artist__user__username="maya")
    artwork = artist_page.artist.artworks.order_by("pk").first()

    page.goto(live_server.url + "/")
    assert page.locator("header").get_by_placeholder("Search").count() or page.locator("header input[name=q]").count()
    newest = Product.objects.live().order_by("-date_created").first()
    assert page.get_by_text(newest.title).first.is_visible()

    page.goto(live_server.url + artist_page.url)
    assert page.get_by_role("heading", name="Maya Lindqvist").first.is_visible()
    assert page.get_by_text("boat yard in Gothenburg").is_visible()
    assert page.locator("img").count() > 3

    page.goto(live_server.url + "/shop/")
    assert page.get_by_text(newest.title, exact=True).first.is_visible()
    assert page.locator("main img").count() >= 12

    page.goto(live_server.url + artwork.get_absolute_url())
    assert page.get_by_role("heading", name=artwork.title).first.is_visible()
    assert page.get_by_text("Maya Lindqvist").first.is_visible()
    images = page.locator("main img")
    assert images.count() >= 1
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 0"), "the artwork image loads"
