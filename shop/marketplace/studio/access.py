"""Who may see whose money in the studio.

An artist sees only their own earnings: asking for another artist's is a 404, exactly like asking
for one that does not exist, so ids cannot be probed. Admins (moderators) see every artist's, and
only they enter the Marketplace screens; everyone else is refused the way the studio refuses.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from artists.models import Artist
from artists.selling import StudioAccessMixin


class MarketplaceAccessMixin(StudioAccessMixin):
    """Admins only: a selling artist is refused like a buyer (PermissionDenied, Wagtail's redirect)."""

    def has_access(self) -> bool:
        return self.is_moderator


def earnings_artist_or_404(*, own_artist: Artist | None, is_moderator: bool, artist_id: int) -> Artist:
    """The artist whose earnings are asked for: anyone's for an admin, only their own for an artist."""
    if is_moderator:
        return get_object_or_404(Artist, pk=artist_id)
    if own_artist is None or own_artist.pk != artist_id:
        raise Http404("No such artist.")
    return own_artist
