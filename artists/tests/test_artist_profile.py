"""An artist changes their public name, city, region and bio: the service, its story page, the studio screen."""

import pytest
from django.core.exceptions import ValidationError

from artiqo.users.tests.factories import UserFactory
from artists.models import Artist, ArtistPage
from artists.services import studio_group, update_artist_profile
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db

PROFILE = "/cms/profile/"


def published_page(artist, **fields) -> ArtistPage:
    page = ArtistPage.objects.get(artist=artist)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return ArtistPage.objects.get(pk=page.pk)


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya", display_name="Maya Okafor", city="Bristol")


# --- the service and the story page ----------------------------------------------------------


def test_the_published_page_follows_a_new_name_place_and_bio(maya, client):
    page = published_page(maya, intro="")

    update_artist_profile(artist=maya, display_name="Maya O.", city="Bath", region="Somerset", bio="Boats at dusk.")

    page.refresh_from_db()
    assert (page.title, page.location, page.intro, page.slug) == (
        "Maya O.",
        "Bath, Somerset",
        "Boats at dusk.",
        "maya-okafor",
    )
    assert page.live and not page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Maya O.", "the editor opens the new name"
    public = client.get(page.url).content.decode()
    assert "Maya O." in public and "Bath, Somerset" in public and "Maya Okafor" not in public


def test_what_the_artist_wrote_on_their_page_is_left_alone(maya):
    page = published_page(maya, title="Maya: harbour paintings", location="The quay studio", intro="I paint boats.")

    update_artist_profile(artist=maya, display_name="Maya O.", city="Bath", bio="Boats at dusk.")

    page.refresh_from_db()
    assert (page.title, page.location, page.intro) == ("Maya: harbour paintings", "The quay studio", "I paint boats.")
    assert Artist.objects.get(pk=maya.pk).display_name == "Maya O."


def test_a_draft_awaiting_moderation_carries_the_new_name_and_the_live_page_shows_it_now(maya):
    page = published_page(maya)
    draft = page.get_latest_revision_as_object()
    draft.intro = "A new intro, waiting for review"
    draft.save_revision(user=maya.user)

    update_artist_profile(artist=maya, display_name="Maya O.")

    page.refresh_from_db()
    assert page.title == "Maya O." and page.intro == "", "live: the new name, not the unreviewed intro"
    assert page.has_unpublished_changes
    waiting = page.get_latest_revision_as_object()
    assert (waiting.title, waiting.intro) == ("Maya O.", "A new intro, waiting for review")


def test_a_page_never_published_stays_a_draft(maya):
    page = ArtistPage.objects.get(artist=maya)
    assert not page.live

    update_artist_profile(artist=maya, display_name="Maya O.")

    page.refresh_from_db()
    assert not page.live and page.get_latest_revision_as_object().title == "Maya O."


def test_the_rules_refuse_bad_values_and_save_nothing(maya):
    with pytest.raises(ValidationError) as refused:
        update_artist_profile(artist=maya, display_name=" ", city="", region="r" * 101, bio="b" * 5001)

    assert set(refused.value.message_dict) == {"display_name", "city", "region", "bio"}
    with pytest.raises(ValidationError, match="at most 120"):
        update_artist_profile(artist=maya, display_name="n" * 121)
    with pytest.raises(ValueError, match="status"):
        update_artist_profile(artist=maya, status=Artist.Status.APPROVED)
    maya.refresh_from_db()
    assert (maya.display_name, maya.city, maya.region, maya.bio) == ("Maya Okafor", "Bristol", "", "")


def test_saving_the_same_values_writes_nothing(maya):
    page = published_page(maya)
    revisions = page.revisions.count()

    update_artist_profile(artist=maya, display_name="Maya Okafor ", city="Bristol")

    assert page.revisions.count() == revisions


@pytest.mark.django_db(transaction=True)  # MariaDB indexes FULLTEXT at commit
def test_search_finds_the_artists_page_under_the_new_city(site_pages):
    maya = make_artist(username="maya", display_name="Maya Okafor", city="Bristol")
    published_page(maya, location="")  # the place then comes from the artist record alone

    update_artist_profile(artist=maya, city="Gothenburg")

    assert [page.title for page in ArtistPage.objects.live().search("Gothenburg")] == ["Maya Okafor"]
    assert list(ArtistPage.objects.live().search("Bristol")) == []


# --- the studio's Profile screen -------------------------------------------------------------


def test_an_artist_edits_their_profile_in_the_studio(maya, client):
    client.force_login(maya.user)
    assert PROFILE in client.get("/cms/").content.decode(), "in the menu"
    form = client.get(PROFILE)
    assert form.status_code == 200
    assert form.context["form"].initial == {
        "display_name": "Maya Okafor",
        "city": "Bristol",
        "region": "",
        "bio": "",
        "open_for_commissions": False,
        "commission_note": "",
        "max_open_commissions": None,
    }

    response = client.post(
        PROFILE, {"display_name": "Maya O.", "city": "Bath", "region": "Somerset", "bio": "Boats at dusk."}
    )

    assert response.status_code == 302 and response["Location"] == PROFILE
    maya.refresh_from_db()
    assert (maya.display_name, maya.city, maya.region, maya.bio) == ("Maya O.", "Bath", "Somerset", "Boats at dusk.")
    assert ArtistPage.objects.get(artist=maya).get_latest_revision_as_object().title == "Maya O."


def test_the_studio_shows_the_services_refusals_on_the_fields(maya, client):
    client.force_login(maya.user)
    response = client.post(PROFILE, {"display_name": "", "city": "Bath", "region": "r" * 101, "bio": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "region"}
    assert "Give the name buyers will know you by." in errors["display_name"]
    maya.refresh_from_db()
    assert (maya.display_name, maya.city) == ("Maya Okafor", "Bristol"), "nothing saved"


@pytest.mark.parametrize("status", [Artist.Status.PENDING, Artist.Status.SUSPENDED])
def test_only_selling_artists_reach_the_profile_screen(site_pages, admin_user, client, status):
    artist = make_artist(username="pat", approved=False)
    Artist.objects.filter(pk=artist.pk).update(status=status)
    artist.user.groups.add(studio_group())  # as if removal from the group had been forgotten

    client.force_login(UserFactory(username="bob"))
    buyer = client.get(PROFILE)
    assert buyer.status_code == 302 and buyer["Location"].startswith("/cms/login/")
    for user in (artist.user, admin_user):
        client.force_login(user)
        assert PROFILE not in client.get("/cms/").content.decode()
        assert client.get(PROFILE)["Location"] == "/cms/"
        assert client.post(PROFILE, {"display_name": "X", "city": "Y"})["Location"] == "/cms/"
    assert Artist.objects.get(pk=artist.pk).display_name == "Pat"
