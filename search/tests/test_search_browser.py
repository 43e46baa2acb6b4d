"""Finding artworks in a real browser (Debian's Chromium through Playwright): the header's search
box and its suggestions, the results page, the city facet, and on to an artwork."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown_titles(page) -> list[str]:
    return page.locator(".catalogue__results .artwork-card__title").all_inner_texts()


def test_a_visitor_searches_narrows_to_manchester_and_opens_an_artwork(live_server, page, demo_marketplace):
    page.goto(live_server.url + "/")
    search_box = page.locator("header").get_by_role("combobox", name="Search")
    search_box.fill("print")
    search_box.press("Enter")

    page.wait_for_url(re.compile(r"/shop/search/\?q=print$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “print”")
    expect(search_box).to_have_value("print")
    found = shown_titles(page)
    assert "Harbour Blue (print)" in found and "Ancoats Grid" in found
    cities = set(Product.objects.filter(title__in=found).values_list("artist__city", flat=True))
    assert {"Bristol", "Manchester"} <= cities, "the search spans several cities, so the facet has work to do"

    page.locator(".facet--city").get_by_role("link", name=re.compile(r"^Manchester \(\d+\)$")).click()

    page.wait_for_url(re.compile(r"[?&]city=Manchester"))
    assert "q=print" in page.url, "the facet keeps the search"
    manchester = set(Product.objects.filter(title__in=found, artist__city="Manchester").values_list("title", flat=True))
    assert manchester and set(shown_titles(page)) == manchester
    expect(page.locator(".filter-chip")).to_have_text(re.compile(r"City: Manchester"))
    expect(page.locator(".facet--city .is-selected")).to_contain_text("Manchester")

    first_title = shown_titles(page)[0]
    artwork = Product.objects.get(title=first_title)
    page.locator(".catalogue__results").get_by_role("link", name=first_title, exact=True).click()

    page.wait_for_url(re.compile(re.escape(artwork.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(artwork.title)
    expect(page.locator(".artwork-info__artist")).to_contain_text(artwork.artist.display_name)
    assert artwork.artist.city == "Manchester"


def test_the_search_box_suggests_artworks_as_you_type_and_keys_pick_one(live_server, page, demo_marketplace):
    harbour_blue = Product.objects.get(title="Harbour Blue")
    page.goto(live_server.url + "/")
    search_box = page.locator("header").get_by_role("combobox", name="Search")
    expect(search_box).to_have_attribute("aria-expanded", "false")

    search_box.press_sequentially("harb", delay=40)

    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(search_box).to_have_attribute("aria-expanded", "true")
    artworks = suggestions.get_by_role("group", name="Artworks")
    expect(artworks.get_by_role("option", name=re.compile(r"^Harbour Blue\b")).first).to_be_visible()

    search_box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(search_box).to_have_attribute("aria-expanded", "false")

    search_box.press("ArrowDown")  # reopens the list
    expect(suggestions).to_be_visible()
    search_box.press("ArrowDown")  # highlights the first suggestion: Harbour Blue, the best match
    expect(suggestions.get_by_role("option", selected=True)).to_contain_text("Harbour Blue")
    search_box.press("Enter")

    page.wait_for_url(re.compile(re.escape(harbour_blue.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour Blue")
