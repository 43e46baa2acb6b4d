"""In Chromium, a commission from request to shipping: ben asks maya for a portrait with a reference picture,
maya quotes in the studio, ben accepts and pays with the test card, maya uploads the finished piece, marks it
completed and ships the line from the studio's Orders.

The card form is localstripe's Stripe.js stand-in (served by the suite's localstripe), as in the checkout test.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import expect

from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.commissions.models import CommissionRequest
from artists.models import ArtistPage
from artists.services import update_artist_profile
from artists.tests.factories import make_artist
from shop.commissions.checkout import artwork_of
from shop.marketplace.tests.test_plans_browser import enter_card, log_into_studio
from shop.order.tests.factories import shipping_country

Order = get_model("order", "Order")
Line = get_model("order", "Line")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = CommissionRequest.Status


def log_into_shop(page, base_url, username):
    page.goto(base_url + "/shop/accounts/login/")
    login = page.locator("form:has([name=login_submit])")
    login.get_by_label("Username or email").fill(username)
    login.get_by_label("Password").fill(PASSWORD)
    login.locator("[name=login_submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def switch_to(page, base_url, username, *, studio=False):
    page.context.clear_cookies()
    (log_into_studio if studio else log_into_shop)(page, base_url, username)


def png(path, colour):
    Image.new("RGB", (120, 90), colour).save(path, "PNG")
    return str(path)


def test_ben_commissions_a_portrait_from_maya_pays_for_it_and_maya_ships_it(
    live_server, page, site_pages, localstripe, tmp_path
):
    localstripe.forget_everything()  # order numbers restart with the database; so must Stripe's records
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    update_artist_profile(artist=maya, open_for_commissions=True, commission_note="Portraits from photos, 6–8 weeks")
    ArtistPage.objects.get(artist=maya).save_revision().publish()  # as an admin does after approval
    UserFactory(username="ben", first_name="Ben", last_name="Carter")
    shipping_country()
    url = live_server.url

    # Ben asks, from maya's page, with a photo of his dog.
    switch_to(page, url, "ben")
    page.goto(url + ArtistPage.objects.get(artist=maya).url)
    expect(page.locator(".commission-note")).to_have_text("Portraits from photos, 6–8 weeks")
    page.get_by_role("link", name="Request a commission").click()
    page.locator("#id_brief").fill("A portrait of my dog Biscuit, in oils, about 40 × 50 cm.")
    page.locator("#id_budget").fill("500")
    page.locator("#id_deadline").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    page.locator("#id_references").set_input_files(png(tmp_path / "biscuit.png", "peru"))
    page.locator("#send-commission-request").click()

    expect(page).to_have_url(re.compile(r"/account/commissions/\d+/$"))
    commission = CommissionRequest.objects.get(buyer__username="ben")
    assert (commission.artist, commission.status, commission.references.count()) == (maya, Status.REQUESTED, 1)
    expect(page.locator(".commission-status")).to_contain_text("Waiting for Maya Lindqvist")

    # Maya sees it on the studio home, opens it and quotes.
    switch_to(page, url, "maya", studio=True)
    panel = page.locator("#commissions-awaiting-section")
    expect(panel).to_contain_text("Commission requests awaiting your answer: 1")
    panel.get_by_role("link", name=re.compile("Commission requests awaiting your answer")).click()
    page.get_by_role("link", name=f"#{commission.pk}").click()
    expect(page.locator("#commission-brief")).to_contain_text("my dog Biscuit")
    expect(page.locator("#commission-references img")).to_have_count(1)
    quote_form = page.locator("#quote-form")
    quote_form.get_by_label("Price (GBP)").fill("450")
    quote_form.get_by_label("Delivery by").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    quote_form.get_by_label("Deposit note").fill("None: pay on acceptance")
    quote_form.get_by_role("button", name="Send quote").click()

    expect(page.locator("#commission-status")).to_have_attribute("data-status", "quoted")
    commission.refresh_from_db()
    assert commission.status == Status.QUOTED

    # Ben accepts the quote and pays for the reserved artwork through the normal checkout.
    switch_to(page, url, "ben")
    page.goto(f"{url}/account/commissions/{commission.pk}/")
    expect(page.locator(".commission-quote__price")).to_have_text("£450.00")
    page.locator("#accept-quote").click()
    commission.refresh_from_db()
    assert commission.status == Status.ACCEPTED
    page.goto(url + "/shop/checkout/")
    expect(page).to_have_url(re.compile(r"/checkout/shipping-address/"))
    address = page.locator("form:has(button:text('Continue'))")
    address.get_by_label("First name").fill("Ben")
    address.get_by_label("Last name").fill("Carter")
    address.get_by_label("First line of address").fill("1 Quay St")
    address.get_by_label("City").fill("Bristol")
    address.get_by_label("Post/Zip-code").fill("BS1 4DJ")
    address.get_by_role("button", name="Continue").click()
    page.locator("[data-method=delivery] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/checkout/preview/"))
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get(user__username="ben")
    expect(page).to_have_url(re.compile(rf"/shop/payments/order/{order.number}/"))
    enter_card(page, "4242424242424242")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(page.locator("#payment-state")).to_have_attribute("data-status", "completed")
    order.refresh_from_db()
    commission.refresh_from_db()
    assert order.status == "Paid"
    assert (commission.status, commission.order_number) == (Status.PAID, order.number)
    assert [line.product for line in order.lines.all()] == [artwork_of(commission)]

    # Maya finishes it: pictures of the piece, "Mark completed", then ships the line from Orders.
    switch_to(page, url, "maya", studio=True)
    page.goto(f"{url}/cms/commissions/{commission.pk}/")
    finished = page.locator("#finished")
    finished.get_by_label("Pictures of the finished piece").set_input_files(
        [png(tmp_path / "front.png", "navy"), png(tmp_path / "detail.png", "gold")]
    )
    finished.get_by_role("button", name="Mark completed").click()

    expect(page.locator("#commission-status")).to_have_attribute("data-status", "completed")
    commission.refresh_from_db()
    assert commission.status == Status.COMPLETED
    assert artwork_of(commission).images.count() == 2
    page.locator("#ship-in-orders").click()
    line = Line.objects.get(order=order)
    row = page.locator(f"tr.studio-order-line[data-line='{line.pk}']")
    row.get_by_placeholder("Tracking code (optional)").fill("RM123456785GB")
    row.get_by_role("button", name="Mark shipped").click()

    expect(page.locator(f"tr.studio-order-line[data-line='{line.pk}']")).to_contain_text("Shipped")
    line.refresh_from_db()
    assert (line.status, line.tracking_code) == ("shipped", "RM123456785GB")
