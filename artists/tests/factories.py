from artiqo.users.tests.factories import UserFactory
from artists.services import approve_artist, register_artist


def make_artist(*, username="artist", city="Bristol", approved=True, display_name=None):
    """An artist made the way the product makes them: sign-up, then (optionally) approval.

    Approval needs the artist directory page: use the `site_pages` fixture.
    """
    user = UserFactory(username=username)
    artist = register_artist(user=user, display_name=display_name or username.title(), city=city)
    return approve_artist(artist=artist) if approved else artist
