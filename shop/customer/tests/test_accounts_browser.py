"""Sign-up, login, profile and logout in Chromium, as a person would click through them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page, live_server):
    """The header's "Log out" button (on any shop page): logout is a POST form, never a link."""
    page.goto(live_server.url + "/shop/accounts/profile/")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#login_link")).to_be_visible()


def test_sign_up_log_in_edit_profile_and_log_out(live_server, page, django_user_model, site_pages):
    page.goto(live_server.url + "/shop/accounts/login/")
    signup = page.locator("form:has([name=registration_submit])")
    expect(signup.get_by_label("City"), "artist-only fields wait for the artist choice").to_be_hidden()
    signup.get_by_label("I am an artist").check()
    expect(signup.get_by_label("City")).to_be_visible()
    signup.get_by_label("I want to buy").check()
    signup.get_by_label("Username").fill("clara")
    signup.get_by_label("Email address").fill("clara@example.com")
    signup.get_by_label("Password", exact=True).fill("violet-harbour-1987")
    signup.get_by_label("Confirm password").fill("violet-harbour-1987")
    signup.locator("[name=registration_submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()  # signed up and signed in
    assert django_user_model.objects.filter(username="clara").exists()

    log_out(page, live_server)
    page.goto(live_server.url + "/shop/accounts/login/")
    login = page.locator("form:has([name=login_submit])")
    login.get_by_label("Username or email").fill("clara")
    login.get_by_label("Password").fill("violet-harbour-1987")
    login.locator("[name=login_submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(live_server.url + "/shop/accounts/profile/edit/")
    page.get_by_label("First name").fill("Clara")
    page.get_by_label("Default address").fill("1 Quay St, Bristol")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("1 Quay St, Bristol").first).to_be_visible()
    assert django_user_model.objects.get(username="clara").first_name == "Clara"

    log_out(page, live_server)
    page.goto(live_server.url + "/shop/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/shop/accounts/login/"))
