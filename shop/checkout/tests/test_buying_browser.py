"""Buying an artwork in Chromium, as a person would: product page, cart, checkout, order history."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from home.demo.content import PASSWORD

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/shop/accounts/login/")
    login = page.locator("form:has([name=login_submit])")
    login.get_by_label("Username or email").fill(username)
    login.get_by_label("Password").fill(PASSWORD)
    login.locator("[name=login_submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_ben_buys_an_artwork_for_delivery_and_finds_it_pending_payment(live_server, page, demo_marketplace):
    artwork = Product.objects.filter(upc__startswith="DEMO-", artist__user__username="maya").order_by("pk").first()
    log_in(page, live_server, "ben")

    page.goto(live_server.url + artwork.get_absolute_url())
    page.locator("form[action*='/basket/add/'] button[type=submit]").first.click()
    page.goto(live_server.url + "/shop/checkout/")

    expect(page).to_have_url(re.compile(r"/checkout/shipping-address/"))
    form = page.locator("form:has(button:text('Continue'))")
    form.get_by_label("First name").fill("Ben")
    form.get_by_label("Last name").fill("Carter")
    form.get_by_label("First line of address").fill("1 Quay St")
    form.get_by_label("City").fill("Bristol")
    form.get_by_label("Post/Zip-code").fill("BS1 4DJ")
    form.get_by_label("Country").select_option("GB")
    form.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Delivery (£8.00 per artist)")).to_be_visible()
    expect(page.get_by_text("You would collect in: Bristol")).to_be_visible()
    page.locator("[data-method=delivery] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/checkout/preview/"))
    expect(page.get_by_text(artwork.title).first).to_be_visible()
    page.get_by_role("button", name="Place order").click()

    expect(page).to_have_url(re.compile(r"/checkout/thank-you/"))
    expect(page.locator(".order-status").first).to_have_text("Pending payment")
    order = Order.objects.get(user__username="ben")
    assert order.status == "Pending payment" and order.shipping_code == "delivery"

    page.goto(live_server.url + "/shop/accounts/orders/")
    row = page.locator("table.order-list tr", has_text=order.number)
    expect(row.locator(".order-status")).to_have_text("Pending payment")
    row.get_by_role("link", name=order.number).click()
    expect(page.get_by_text(artwork.title).first).to_be_visible()
    expect(page.locator(".order-status")).to_have_text("Pending payment")
