"""Asking Artiqo in a real browser (Debian's Chromium through Playwright) on the demo marketplace: the reply
arrives in the panel without a page load, the artworks come as cards, and a card leads to its artwork."""

import re
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from artiqo.demo.content import PASSWORD
from search.assistant.models import Conversation

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, next_path="/"):
    page.goto(live_server.url + next_path)
    page.get_by_role("link", name="Log in to ask Artiqo").click()
    login = page.locator("form:has([name=login_submit])")
    login.get_by_label("Username or email").fill(username)
    login.get_by_label("Password").fill(PASSWORD)
    login.locator("[name=login_submit]").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_ben_asks_for_something_blue_under_200_and_follows_a_card_to_its_artwork(live_server, page, demo_marketplace):
    catalogue = "/shop/catalogue/"
    log_in(page, live_server, "ben", next_path=catalogue)  # the guest's link comes back to the catalogue
    loads = []
    page.on("load", lambda _: loads.append(page.url))

    question = page.get_by_label("Ask Artiqo")
    question.fill("something blue under £200")
    question.press("Enter")

    panel = page.locator("#ask-artiqo")
    expect(panel.locator(".assistant-message--user")).to_have_text(re.compile("something blue under £200"))
    expect(question).to_be_focused()
    expect(question).to_have_value("")
    reply = panel.locator(".assistant-message--assistant").last
    expect(reply.locator(".assistant-message__text")).not_to_be_empty()
    cards = reply.locator(".assistant-card")
    expect(cards.first).to_be_visible()
    assert loads == [], "the reply came in place, without loading a page"
    expect(panel.locator("[aria-live=polite]")).to_be_attached()
    conversation = Conversation.objects.get(user__username="ben")
    expect(panel.locator("[name=conversation]")).to_have_value(str(conversation.pk))

    first = cards.first
    card_price = first.locator(".assistant-card__price").inner_text().strip()
    card_title = first.locator(".assistant-card__title").inner_text().strip()
    assert card_price.startswith("£") and Decimal(card_price[1:].replace(",", "")) <= 200
    first.focus()
    page.keyboard.press("Enter")  # cards are links: the keyboard follows them too

    page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/$"))
    artwork = Product.objects.get(pk=int(re.search(r"_(\d+)/$", page.url).group(1)))
    assert artwork.title == card_title
    expect(page.locator(".artwork-info__price").first).to_have_text(card_price)
    assert artwork.stockrecords.get().price == Decimal(card_price[1:].replace(",", ""))
