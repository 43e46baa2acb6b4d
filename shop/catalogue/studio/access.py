"""Who may use the Artworks section, and which artworks each person may see and change.

Wagtail's own gate (`wagtailadmin.access_admin`, given by the "Artists" group) only says someone
may enter the admin. It says nothing about selling: a suspended artist removed from the group
late, or staff without an artist record, would pass it. So every view here asks again: an
approved artist sees their own artworks, a moderator (staff) sees all, anyone else is refused.
Looking an artwork up through `artworks_for()` is what turns another artist's artwork into a 404.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

from artists.models import Artist

Product = get_model("catalogue", "Product")


def selling_artist(user) -> Artist | None:
    """The approved artist this user sells as, or None (buyers, pending or suspended artists)."""
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        artist = user.artist
    except ObjectDoesNotExist:
        return None
    return artist if artist.is_approved else None


def is_moderator(user) -> bool:
    """Staff moderate the catalogue: they see every artwork and may hide or restore it."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


def can_use_artworks(user) -> bool:
    return is_moderator(user) or selling_artist(user) is not None


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


class ArtworksAccessMixin:
    """Refuse anyone who is neither an approved artist nor a moderator, before any other work."""

    def dispatch(self, request, *args, **kwargs):
        self.artist = selling_artist(request.user)
        self.is_moderator = is_moderator(request.user)
        if not self.has_access():
            # Wagtail's admin gate turns this into its "no permission" redirect to the dashboard.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        return self.is_moderator or self.artist is not None
