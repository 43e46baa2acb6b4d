"""In Chromium: maya edits her story in the studio and submits it; admin approves and publishes."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.models import ArtistPage
from artists.tests.factories import make_artist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_into_studio(page, base_url, username):
    page.goto(base_url + "/cms/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/cms/")


def click_action(page, selector):
    """Footer actions sit in a dropdown; open it, then click."""
    page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    page.locator(selector).first.click()


def test_maya_submits_her_story_and_admin_publishes_it(live_server, page, site_pages):
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    story_page = ArtistPage.objects.get(artist=maya)
    story_page.story = [("paragraph", RichText("<p>I paint the harbour.</p>"))]
    story_page.save_revision().publish()

    log_into_studio(page, live_server.url, "maya")
    page.goto(f"{live_server.url}/cms/pages/{story_page.pk}/edit/")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" At dusk, mostly.")
    # Draftail saves its state into the form on a short timer: wait for it before submitting.
    page.wait_for_function(
        "() => [...document.querySelectorAll('input[name$=\"-value\"]')].some(i => i.value.includes('At dusk'))"
    )
    with page.expect_navigation():
        click_action(page, "button[name=action-submit]")
    submitted = ArtistPage.objects.get(pk=story_page.pk).get_latest_revision_as_object()
    assert "At dusk, mostly." in str(submitted.story)
    assert "At dusk, mostly." not in page.context.request.get(live_server.url + story_page.url).text()

    page.context.clear_cookies()
    log_into_studio(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/cms/pages/{story_page.pk}/edit/")
    click_action(page, "[data-workflow-action-name=approve]")  # "Approve and publish"
    page.wait_for_url(f"{live_server.url}/cms/pages/{story_page.get_parent().pk}/")
    expect(page.get_by_text("has been updated").first).to_be_visible()

    public = page.context.request.get(live_server.url + story_page.url).text()
    assert "I paint the harbour. At dusk, mostly." in public
