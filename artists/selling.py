"""Who sells right now, and who may enter the studio: the one definition every layer above imports.

The studio (Artworks, Orders), the API's permissions and the artist's sales all ask the same two
questions. Each used to answer them itself, and the copies drifted (one forgot inactive users), so
the answers live here, in the layer that owns artists.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from .models import Artist


def selling_artist(user) -> Artist | None:
    """The approved artist this user sells as, or None (anonymous, inactive, buyers, pending or suspended)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        artist = user.artist
    except ObjectDoesNotExist:
        return None
    return artist if artist.is_approved else None


def is_moderator(user) -> bool:
    """Staff moderate: in the studio they see every artist's artworks and order lines."""
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def can_use_studio(user) -> bool:
    """The studio's selling sections are for approved artists and moderators, nobody else."""
    return is_moderator(user) or selling_artist(user) is not None


class StudioAccessMixin:
    """Refuse anyone `can_use_studio` refuses, before any other work; keeps `artist` and `is_moderator`.

    Wagtail's own gate (`wagtailadmin.access_admin`) only says someone may enter the admin, not that
    they may sell: a suspended artist still in the "Artists" group would pass it, so every studio
    view asks again.
    """

    def dispatch(self, request, *args, **kwargs):
        self.artist = selling_artist(request.user)
        self.is_moderator = is_moderator(request.user)
        if not self.has_access():
            # Wagtail's admin gate turns this into its "no permission" redirect to the dashboard.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        return self.is_moderator or self.artist is not None
