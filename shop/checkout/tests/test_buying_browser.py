"""Buying an artwork in Chromium, as a person would: product page, cart, checkout, paying, order history.

The card form is localstripe's Stripe.js stand-in (served by the suite's localstripe), so the
card numbers typed here travel the same path as with Stripe: browser → Stripe → token → Artiqo.
"""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from artiqo.demo.content import PASSWORD

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


def enter_card(page, number):
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill(number)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("30")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("BS1 4DJ")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()


def test_ben_buys_an_artwork_for_delivery_and_pays_after_a_declined_card(live_server, page, demo_marketplace):
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

    order = Order.objects.get(user__username="ben")
    expect(page).to_have_url(re.compile(rf"/shop/payments/order/{order.number}/"))
    expect(page.locator(".order-status").first).to_have_text("Pending payment")
    assert order.status == "Pending payment" and order.shipping_code == "delivery"

    enter_card(page, "4000000000000341")  # a card whose charge is declined
    expect(page.locator("#payment-state")).to_have_attribute("data-status", "failed")
    expect(page.locator("#payment-state")).to_contain_text("declined")
    order.refresh_from_db()
    assert order.status == "Pending payment"

    enter_card(page, "4242424242424242")  # the same order, another card, no reload
    expect(page.locator("#payment-state")).to_have_attribute("data-status", "completed")
    expect(page).to_have_url(re.compile(rf"/accounts/orders/{order.number}/"))
    expect(page.locator(".order-status")).to_have_text("Paid")
    order.refresh_from_db()
    assert order.status == "Paid"
    assert sorted(order.payments.values_list("status", flat=True)) == ["completed", "failed"]

    page.goto(live_server.url + "/shop/accounts/orders/")
    row = page.locator("table.order-list tr", has_text=order.number)
    expect(row.locator(".order-status")).to_have_text("Paid")
