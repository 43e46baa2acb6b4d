"""The demo's artists who take commissions: maya and theo, with a note and a maximum; loading twice changes nothing."""

import pytest

from artiqo.demo.commissions import OPEN_FOR_COMMISSIONS, open_demo_commissions
from artiqo.demo.loader import DemoLoader
from artists.models import Artist

pytestmark = pytest.mark.django_db


def commission_settings() -> dict:
    return {
        artist.user.username: (artist.open_for_commissions, artist.commission_note, artist.max_open_commissions)
        for artist in Artist.objects.select_related("user")
    }


def test_maya_and_theo_take_commissions_and_nobody_else_does(demo_marketplace):
    settings = commission_settings()

    assert settings.pop("maya") == (True, "Portraits from your photos, in oil: 6–8 weeks", 5)
    assert settings.pop("theo") == (True, OPEN_FOR_COMMISSIONS["theo"]["commission_note"], 3)
    assert settings and {value[0] for value in settings.values()} == {False}


def test_loading_twice_changes_nothing_and_keeps_what_an_artist_changed_since(demo_marketplace):
    maya = Artist.objects.get(user__username="maya")
    maya.open_for_commissions = False
    maya.save(update_fields=["open_for_commissions"])
    before = commission_settings()

    DemoLoader(image_width=240).run()

    assert commission_settings() == before
    assert open_demo_commissions() == []
