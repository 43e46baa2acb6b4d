"""In Chromium: maya upgrades to Studio with a test card, features an artwork with its credit, and the
home page's Featured row shows it.

The card field is localstripe's Stripe.js stand-in (served by the suite's localstripe), so the card
travels browser → Stripe → token → Artiqo, as it does with Stripe.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.models import FeaturedListing, Plan, Subscription
from shop.marketplace.plans import current_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_into_studio(page, base_url, username):
    from artiqo.users.tests.factories import PASSWORD

    page.goto(base_url + "/cms/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/cms/")


def enter_card(page, number):
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill(number)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("30")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("BS1 4DJ")


def test_maya_upgrades_to_studio_by_card_and_features_an_artwork_on_the_home_page(
    live_server, page, site_pages, localstripe
):
    Plan.objects.get_or_create(
        code="studio",
        defaults={
            "name": "Studio", "monthly_price": Decimal("9.00"), "fee_rate": Decimal("0.10"),
            "listing_limit": 100, "featured_credits": 1, "position": 1,
        },
    )  # fmt: skip
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    make_artwork(maya, title="Quiet Tide", price="240.00")
    assert current_plan(maya).code == "starter"  # she starts on the free plan

    log_into_studio(page, live_server.url, "maya")
    page.goto(live_server.url + "/cms/billing/")
    expect(page.locator("#plan-title")).to_have_text("Your plan: Starter")
    enter_card(page, "4242424242424242")  # 4242 4242 4242 4242 (localstripe's field takes no spaces)
    page.get_by_role("button", name="Upgrade to Studio now").click()

    expect(page.locator("#plan-title")).to_have_text("Your plan: Studio")
    expect(page.get_by_text("You are on Studio now (£9.00 a month).")).to_be_visible()
    expect(page.locator("#plan-status dd")).to_have_text("Active")
    expect(page.locator("#plan-credits dd")).to_have_text("1 of 1")
    expect(page.locator("#invoices tbody tr")).to_have_count(1)
    subscription = Subscription.objects.get(artist=maya)
    assert subscription.plan.code == "studio" and subscription.stripe_subscription_id
    assert localstripe.get(f"/v1/subscriptions/{subscription.stripe_subscription_id}")["status"] == "active"

    page.goto(live_server.url + "/cms/featuring/")
    page.locator(f"#featuring-artworks tr[data-artwork='{harbour.pk}']").get_by_role("link", name="Feature").click()
    expect(page.locator("#featuring-terms")).to_contain_text("a plan credit")
    page.locator("#featuring-form").get_by_role("button", name="Feature it").click()
    expect(page.locator(f"#featuring-artworks tr[data-artwork='{harbour.pk}']")).to_contain_text("Featured")
    listing = FeaturedListing.objects.get(artwork=harbour)
    assert listing.paid_with == FeaturedListing.CREDIT and listing.status == FeaturedListing.ACTIVE

    page.goto(live_server.url + "/")
    featured_row = page.locator("section.home-featured")
    expect(featured_row).to_contain_text("Harbour Blue")
    expect(featured_row).not_to_contain_text("Quiet Tide")
