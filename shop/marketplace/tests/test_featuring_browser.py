"""In Chromium: an artist without credits pays the featuring fee by card in the studio, once with a
plain card and once with a card whose bank asks for 3-D Secure.

Until this test the studio's card script ran in Wagtail's <head> before the form existed and
quietly did nothing; the card field is localstripe's Stripe.js stand-in, as in the plans test.
"""

import pytest
from playwright.sync_api import expect

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.models import FeaturedListing

from .featuring_setup import FEE, revenue_of, set_fee
from .test_plans_browser import enter_card, log_into_studio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("number", ["4242424242424242", "4000002500003155"], ids=["card", "3-d-secure"])
def test_an_artist_without_credits_pays_the_featuring_fee_by_card(live_server, page, site_pages, localstripe, number):
    set_fee()
    theo = make_artist(username="theo", display_name="Theo Marsh")
    grid = make_artwork(theo, title="Ancoats Grid", price="120.00")

    log_into_studio(page, live_server.url, "theo")
    page.goto(live_server.url + "/cms/featuring/")
    page.locator(f"#featuring-artworks tr[data-artwork='{grid.pk}']").get_by_role("link", name="Feature").click()
    enter_card(page, number)
    page.locator("#featuring-pay").click()
    if number == "4000002500003155":
        page.get_by_role("button", name="Complete authentication").click()

    expect(page.locator("#featuring-state")).to_have_attribute("data-status", "active", timeout=20_000)
    listing = FeaturedListing.objects.get(artwork=grid)
    assert (listing.paid_with, listing.status, listing.amount) == (FeaturedListing.PAYMENT, "active", FEE)
    assert localstripe.get(f"/v1/payment_intents/{listing.intent_id}")["status"] == "succeeded"
    assert revenue_of(listing) == [FEE]
    page.wait_for_url(live_server.url + "/cms/featuring/")
    expect(page.locator(f"#featuring-artworks tr[data-artwork='{grid.pk}']")).to_contain_text("Featured")
