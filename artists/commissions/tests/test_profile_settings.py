"""An artist opens their studio to commissions with a note and a maximum, through their profile service."""

import pytest
from django.core.exceptions import ValidationError

from artists.models import Artist, ArtistPage
from artists.services import update_artist_profile
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db


@pytest.fixture
def theo(site_pages):
    return make_artist(username="theo", display_name="Theo Okafor")


def test_an_artist_opens_for_commissions_with_a_note_and_a_maximum(theo):
    update_artist_profile(
        artist=theo,
        open_for_commissions=True,
        commission_note=" Prints of your street, 4–6 weeks ",
        max_open_commissions=3,
    )

    theo.refresh_from_db()
    assert (theo.open_for_commissions, theo.commission_note, theo.max_open_commissions) == (
        True,
        "Prints of your street, 4–6 weeks",
        3,
    )
    update_artist_profile(artist=theo, max_open_commissions="", open_for_commissions=False)
    theo.refresh_from_db()
    assert (theo.open_for_commissions, theo.max_open_commissions) == (False, None), "empty: no limit"
    update_artist_profile(artist=theo, max_open_commissions="7")
    assert Artist.objects.get(pk=theo.pk).max_open_commissions == 7


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"commission_note": "n" * 301}, "commission_note", "300 characters (it has 301)"),
        ({"max_open_commissions": 0}, "max_open_commissions", "from 1 to 99"),
        ({"max_open_commissions": 100}, "max_open_commissions", "from 1 to 99"),
        ({"max_open_commissions": -1}, "max_open_commissions", "from 1 to 99"),
        ({"max_open_commissions": "lots"}, "max_open_commissions", "from 1 to 99"),
        ({"max_open_commissions": True}, "max_open_commissions", "from 1 to 99"),
        ({"open_for_commissions": "maybe"}, "open_for_commissions", "true or false"),
        ({"open_for_commissions": None}, "open_for_commissions", "true or false"),
    ],
)
def test_bad_commission_settings_are_refused_with_a_clear_message(theo, fields, field, says):
    with pytest.raises(ValidationError) as refused:
        update_artist_profile(artist=theo, display_name="Theo O.", **fields)

    assert set(refused.value.message_dict) == {field}
    assert says in refused.value.message_dict[field][0]
    theo.refresh_from_db()
    assert (theo.display_name, theo.open_for_commissions, theo.commission_note, theo.max_open_commissions) == (
        "Theo Okafor",
        False,
        "",
        None,
    )


def test_changing_only_the_commission_settings_leaves_the_story_page_alone(theo):
    page = ArtistPage.objects.get(artist=theo)
    revisions = page.revisions.count()

    update_artist_profile(artist=theo, open_for_commissions=True)

    assert page.revisions.count() == revisions
    assert Artist.objects.get(pk=theo.pk).open_for_commissions
