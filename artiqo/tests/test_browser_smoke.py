"""The demo marketplace in a real browser: Debian's Chromium, driven by Playwright."""

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from artists.models import ArtistPage

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_walks_from_home_to_an_artist_to_an_artwork(live_server, page, demo_marketplace):
    artist_page = ArtistPage.objects.get(artist__user__username="maya")
    artwork = artist_page.artist.artworks.order_by("pk").first()

    page.goto(live_server.url + "/")
    expect(page.locator("header").get_by_role("combobox", name="Search")).to_be_visible()
    newest = Product.objects.live().order_by("-date_created").first()
    expect(page.get_by_text(newest.title).first).to_be_visible()

    page.goto(live_server.url + artist_page.url)
    expect(page.get_by_role("heading", name="Maya Lindqvist").first).to_be_visible()
    expect(page.get_by_text("boat yard in Gothenburg")).to_be_visible()
    assert page.locator("img").count() > 3

    page.goto(live_server.url + "/shop/")
    expect(page.get_by_text(newest.title, exact=True).first).to_be_visible()
    assert page.locator("main img").count() >= 12

    page.goto(live_server.url + artwork.get_absolute_url())
    expect(page.get_by_role("heading", name=artwork.title).first).to_be_visible()
    expect(page.get_by_text("Maya Lindqvist").first).to_be_visible()
    images = page.locator("main img")
    assert images.count() >= 1
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 0"), "the artwork image loads"
