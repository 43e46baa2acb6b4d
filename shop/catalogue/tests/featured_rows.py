"""FeaturedListing rows for the discovery tests, written directly (the featuring services are tested on their own)."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from artiqo.users.tests.factories import UserFactory


def feature(artwork, *, days: int = 7, starts_at=None, status: str = "active", editor=None):
    """An editorial listing of `artwork` running from `starts_at` (default now) for `days` days."""
    FeaturedListing = apps.get_model("marketplace", "FeaturedListing")
    starts_at = starts_at or timezone.now()
    if editor is None:
        editor = get_user_model().objects.filter(username="editor").first()
        editor = editor or UserFactory(username="editor", is_staff=True)
    return FeaturedListing.objects.create(
        artwork=artwork,
        artist=artwork.artist,
        requested_by=editor,
        paid_with="editorial",
        status=status,
        days=days,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=days),
    )
