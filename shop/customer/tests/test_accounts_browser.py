"""Sign-up, login, profile and logout in Chromium, as a person would click through them."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_log_in_edit_profile_and_log_out(live_server, page, django_user_model):
    page.goto(live_server.url + "/shop/accounts/login/")
    signup = page.locator("form:has([name=registration_submit])")
    assert not signup.get_by_label("City").is_visible(), "artist-only fields wait for the artist choice"
    signup.get_by_label("I am an artist").check()
    assert signup.get_by_label("City").is_visible()
    signup.get_by_label("I want to buy").check()
    signup.get_by_label("Username").fill("clara")
    signup.get_by_label("Email address").fill("clara@example.com")
    signup.get_by_label("Password", exact=True).fill("violet-harbour-1987")
    signup.get_by_label("Confirm password").fill("violet-harbour-1987")
    signup.locator("[name=registration_submit]").click()
    page.wait_for_load_state()
    assert django_user_model.objects.filter(username="clara").exists()

    page.goto(live_server.url + "/shop/accounts/logout/")
    page.goto(live_server.url + "/shop/accounts/login/")
    login = page.locator("form:has([name=login_submit])")
    login.get_by_label("Username or email").fill("clara")
    login.get_by_label("Password").fill("violet-harbour-1987")
    login.locator("[name=login_submit]").click()
    page.wait_for_load_state()

    page.goto(live_server.url + "/shop/accounts/profile/edit/")
    page.get_by_label("First name").fill("Clara")
    page.get_by_label("Default address").fill("1 Quay St, Bristol")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 Quay St, Bristol").first.is_visible()
    assert django_user_model.objects.get(username="clara").first_name == "Clara"

    page.goto(live_server.url + "/shop/accounts/logout/")
    page.goto(live_server.url + "/shop/accounts/profile/")
    assert "/shop/accounts/login/" in page.url
