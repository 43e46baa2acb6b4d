"""Which commission requests each studio user may open, and whether they may act on one.

An artist sees the requests they received (never the ones they sent as a buyer: those live on the
site's "My commissions"); admins see every request, read-only, to settle disputes. Looking a
request up through `commissions_for()` is what turns another artist's request into a 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from artists.commissions.models import CommissionRequest
from artists.selling import is_moderator, selling_artist


def commissions_for(user):
    """Every request this studio user may read: their own received ones as an artist, all as an admin."""
    if is_moderator(user):
        return CommissionRequest.objects.all()
    artist = selling_artist(user)
    if artist is None:
        raise PermissionDenied
    return CommissionRequest.objects.filter(artist=artist)


def get_commission_or_404(user, pk) -> CommissionRequest:
    """A request the user may read; another artist's request is indistinguishable from a missing one."""
    return get_object_or_404(commissions_for(user).select_related("artist", "buyer"), pk=pk)


def can_answer(user, commission) -> bool:
    """Only the request's own artist replies, quotes, declines and completes; admins only read."""
    artist = selling_artist(user)
    return artist is not None and commission.artist_id == artist.pk
