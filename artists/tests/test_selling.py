"""Who sells and who may use the studio: one answer for the studio, the API and the artist's sales."""

import pytest
from django.contrib.auth.models import AnonymousUser

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.models import Artist
from artists.selling import can_use_studio, is_moderator, selling_artist
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db


def test_only_an_approved_active_artist_sells(site_pages):
    approved = make_artist(username="maya")
    pending = make_artist(username="pat", approved=False)
    suspended = make_artist(username="sam")
    Artist.objects.filter(pk=suspended.pk).update(status=Artist.Status.SUSPENDED)
    gone = make_artist(username="gus")
    gone.user.is_active = False

    assert selling_artist(approved.user) == approved
    for user in (pending.user, Artist.objects.get(pk=suspended.pk).user, gone.user, UserFactory(), AnonymousUser()):
        assert selling_artist(user) is None


def test_the_studio_is_for_sellers_and_active_staff(site_pages):
    staff = UserFactory(username="sid", is_staff=True)
    former_staff = UserFactory(username="fay", is_staff=True, is_active=False)

    assert can_use_studio(make_artist(username="maya").user)
    assert can_use_studio(staff) and is_moderator(staff)
    assert not can_use_studio(former_staff)
    assert not can_use_studio(make_artist(username="pat", approved=False).user)
    assert not can_use_studio(UserFactory(username="bea"))
    assert not can_use_studio(AnonymousUser())


@pytest.mark.parametrize("status", [Artist.Status.PENDING, Artist.Status.SUSPENDED])
def test_every_door_refuses_an_artist_who_may_not_sell(site_pages, client, status):
    artist = make_artist(username="pat")
    Artist.objects.filter(pk=artist.pk).update(status=status)
    client.force_login(artist.user)
    api = api_as(artist.user)

    assert client.get("/cms/artworks/").status_code == 302  # Wagtail's "no permission" redirect
    assert client.get("/cms/orders/").status_code == 302
    assert api.get("/api/v1/artist/orders/").status_code == 403
    assert api.post("/api/v1/products/", {}, format="json").status_code == 403


def test_the_site_header_offers_the_studio_to_exactly_those_it_lets_in(site_pages, client):
    studio_link = 'href="/cms/">Studio</a>'
    pending = make_artist(username="pat", approved=False)

    shown = {}
    for name, user in (("maya", make_artist(username="maya").user), ("pat", pending.user), ("bea", UserFactory())):
        client.force_login(user)
        shown[name] = studio_link in client.get("/shop/").text
    assert shown == {"maya": True, "pat": False, "bea": False}
