"""An artist's life: applying, approval by an admin, suspension and reinstatement."""

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from artists.models import Artist, ArtistPage
from artists.services import approve_artist, register_artist, suspend_artist
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    admin = Client()
    admin.force_login(UserFactory(username="ada", is_staff=True, is_superuser=True))
    return admin


def test_an_admin_approves_an_applicant_from_the_studio(admin_client, site_pages, django_capture_on_commit_callbacks):
    artist = register_artist(user=UserFactory(username="ines"), display_name="Inês Duarte", city="Bristol")
    assert "Inês Duarte" in admin_client.get("/cms/artists/?status=pending").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/cms/artists/{artist.pk}/approve/")

    assert response.status_code == 302
    artist.refresh_from_db()
    assert artist.status == Artist.Status.APPROVED and artist.approved_at
    assert Partner.objects.get(artist=artist).users.filter(pk=artist.user.pk).exists()
    page = ArtistPage.objects.get(artist=artist)
    assert page.owner == artist.user and not page.live
    assert page.get_parent().specific == site_pages["artist_index"]
    assert [message.to for message in mail.outbox] == [[artist.user.email]]
    assert "/cms/" in mail.outbox[0].body
    studio = Client()
    studio.force_login(artist.user)
    assert studio.get("/cms/").status_code == 200


def test_approving_twice_changes_nothing_and_sends_one_email(site_pages, django_capture_on_commit_callbacks):
    artist = register_artist(user=UserFactory(username="ines"), display_name="Inês", city="Bristol")

    with django_capture_on_commit_callbacks(execute=True):
        approve_artist(artist=artist)
        approve_artist(artist=artist)

    assert ArtistPage.objects.filter(artist=artist).count() == 1
    assert Partner.objects.filter(artist=artist).count() == 1
    assert len(mail.outbox) == 1


def test_only_admins_manage_artists(client, site_pages):
    artist = register_artist(user=UserFactory(username="ines"), display_name="Inês", city="Bristol")
    client.force_login(make_artist(username="maya").user)

    # Wagtail answers a refused admin page by sending you back to the dashboard with a message.
    assert client.get("/cms/artists/")["Location"] == "/cms/"
    assert client.post(f"/cms/artists/{artist.pk}/approve/")["Location"] == "/cms/"
    artist.refresh_from_db()
    assert artist.status == Artist.Status.PENDING


def test_suspending_hides_the_artist_and_stops_sales_without_deleting(
    admin_client, client, site_pages, django_capture_on_commit_callbacks
):
    maya = make_artist(username="maya")
    page = ArtistPage.objects.get(artist=maya)
    page.save_revision().publish()
    artwork = make_artwork(maya, title="Harbour Blue")
    assert client.get(page.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/cms/artists/{maya.pk}/suspend/", {"reason": "Copied work"})

    maya.refresh_from_db()
    assert maya.status == Artist.Status.SUSPENDED
    assert client.get(page.url).status_code == 404
    assert client.get(artwork.get_absolute_url()).status_code == 404
    assert not Product.objects.live().filter(pk=artwork.pk).exists()
    assert not Selector().strategy().fetch_for_product(artwork).availability.is_available_to_buy
    assert "Copied work" in mail.outbox[-1].body
    studio = Client()
    studio.force_login(maya.user)
    assert studio.get("/cms/").status_code == 302, "the studio is closed to a suspended artist"
    assert Product.objects.filter(pk=artwork.pk).exists() and ArtistPage.objects.filter(pk=page.pk, live=True).exists()

    admin_client.post(f"/cms/artists/{maya.pk}/approve/")

    assert client.get(page.url).status_code == 200
    assert client.get(artwork.get_absolute_url()).status_code == 200
    artwork = Product.objects.get(pk=artwork.pk)
    assert Selector().strategy().fetch_for_product(artwork).availability.is_available_to_buy


def test_a_pending_artists_page_and_work_are_not_public(client, site_pages):
    maya = make_artist(username="maya")
    page = ArtistPage.objects.get(artist=maya)
    page.save_revision().publish()
    artwork = make_artwork(maya, title="Harbour Blue")
    suspend_artist(artist=maya)
    maya.status = Artist.Status.PENDING
    maya.save()

    assert client.get(page.url).status_code == 404
    assert client.get(artwork.get_absolute_url()).status_code == 404
    owner = Client()
    owner.force_login(maya.user)
    assert owner.get(artwork.get_absolute_url()).status_code == 200, "the artist still sees their own work"
