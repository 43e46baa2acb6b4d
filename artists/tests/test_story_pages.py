"""Artists edit their own story page in the studio; moderators publish it. Nobody edits another's."""

import pytest
from django.test import Client
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from artiqo.users.tests.factories import UserFactory
from artists.models import ArtistPage
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db


def studio(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_form(client, page) -> dict:
    response = client.get(f"/cms/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    # StreamFields are assembled by the editor's JavaScript; post them as the browser would.
    form.update(nested_form_data({"story": streamfield([]), "links": streamfield([])}))
    return form


@pytest.fixture
def artists(site_pages):
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    for artist in (maya, theo):
        page = ArtistPage.objects.get(artist=artist)
        page.intro = f"{artist} at work"
        page.save_revision().publish()
    return {"maya": maya, "theo": theo}


def test_an_artist_cannot_edit_preview_or_publish_another_artists_page(artists):
    maya_page = ArtistPage.objects.get(artist=artists["maya"])
    theo = studio(artists["theo"].user)

    assert theo.get(f"/cms/pages/{maya_page.pk}/edit/")["Location"] == "/cms/"
    form = {"title": "Hijacked", "slug": maya_page.slug, "intro": "Hijacked", "action-publish": "publish"}
    theo.post(f"/cms/pages/{maya_page.pk}/edit/", form)
    assert theo.post(f"/cms/pages/{maya_page.pk}/edit/preview/", form).status_code in (302, 403, 404)
    assert theo.get(f"/cms/pages/{maya_page.pk}/edit/preview/").status_code in (302, 403, 404)
    theo.post(f"/cms/pages/{maya_page.pk}/unpublish/")

    maya_page.refresh_from_db()
    assert maya_page.title == "Maya" and maya_page.intro == "Maya at work" and maya_page.live
    assert not maya_page.revisions.filter(user=artists["theo"].user).exists()


def test_an_artist_edits_their_own_page_but_cannot_publish_it(artists):
    page = ArtistPage.objects.get(artist=artists["maya"])
    maya = studio(artists["maya"].user)
    form = edit_form(maya, page)
    form["intro"] = "New intro, waiting for review"
    form["action-publish"] = "publish"

    maya.post(f"/cms/pages/{page.pk}/edit/", form)

    page.refresh_from_db()
    assert page.intro == "Maya at work", "the public page is unchanged"
    assert page.get_latest_revision_as_object().intro == "New intro, waiting for review"


def test_a_submitted_story_is_published_by_a_moderator(artists, client):
    page = ArtistPage.objects.get(artist=artists["maya"])
    maya = studio(artists["maya"].user)
    form = edit_form(maya, page)
    form["intro"] = "Reviewed intro"
    form["action-submit"] = "submit"

    maya.post(f"/cms/pages/{page.pk}/edit/", form)

    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    admin = studio(UserFactory(username="ada", is_staff=True, is_superuser=True))
    task_state = state.current_task_state
    response = admin.post(f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Lovely"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.intro == "Reviewed intro" and page.live
    assert "Reviewed intro" in client.get(page.url).content.decode()


def test_a_moderator_can_reject_with_a_comment_the_artist_sees(artists):
    page = ArtistPage.objects.get(artist=artists["maya"])
    maya = studio(artists["maya"].user)
    form = edit_form(maya, page)
    form["intro"] = "Too loud"
    form["action-submit"] = "submit"
    maya.post(f"/cms/pages/{page.pk}/edit/", form)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))

    admin = studio(UserFactory(username="ada", is_staff=True, is_superuser=True))
    admin.post(
        f"/cms/pages/workflow/action/{page.pk}/reject/{state.current_task_state.pk}/", {"comment": "Tone it down"}
    )

    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert page.intro == "Maya at work"
    assert "Tone it down" in maya.get(f"/cms/pages/{page.pk}/edit/").content.decode()
