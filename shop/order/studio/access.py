"""Which order lines each studio user may see and move.

An order can hold several artists' artworks. An artist sees only their own lines of it (and the
address those lines go to), never another artist's lines, the order's totals or the buyer's
contact details. Admins see every line. Looking a line up through `lines_for()` is what turns
another artist's line into a 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

from artists.selling import is_moderator, selling_artist

Line = get_model("order", "Line")


def lines_for(user):
    """Every order line this user may see: their own as an artist, all of them as an admin."""
    if is_moderator(user):
        return Line.objects.all()
    artist = selling_artist(user)
    if artist is None:
        raise PermissionDenied
    return Line.objects.filter(partner__artist=artist)


def get_line_or_404(user, pk):
    """A line the user may move; another artist's line is indistinguishable from a missing one."""
    return get_object_or_404(lines_for(user).select_related("order", "partner__artist"), pk=pk)
