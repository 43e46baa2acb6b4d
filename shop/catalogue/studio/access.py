"""Which artworks each studio user may see and change.

Who may enter at all (an approved artist or a moderator) is `artists.selling`'s rule, shared with
the Orders section and the API. Looking an artwork up through `artworks_for()` is what turns
another artist's artwork into a 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

from artists.selling import is_moderator, selling_artist

Product = get_model("catalogue", "Product")


def artworks_for(user):
    """Every artwork this user may open: all artworks for moderators, their own for an artist.

    Products without an artist are Oscar's, not artworks: they have no single stock record at an
    artist's partner, so the artwork services cannot edit them.
    """
    if is_moderator(user):
        return Product.objects.filter(artist__isnull=False)
    artist = selling_artist(user)
    if artist is None:
        raise PermissionDenied
    return Product.objects.owned_by(artist)


def get_artwork_or_404(user, pk):
    """An artwork the user may change; someone else's is indistinguishable from a missing one."""
    return get_object_or_404(artworks_for(user).select_related("artist"), pk=pk)
