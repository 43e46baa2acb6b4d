"""Who may do what to the catalogue through the API."""

from rest_framework import permissions

from artists.selling import selling_artist


class IsApprovedArtist(permissions.BasePermission):
    """Only artists an admin has approved list artworks; buyers, pending and suspended artists do not."""

    message = "Only approved artists can list artworks."

    def has_permission(self, request, view):
        return selling_artist(request.user) is not None


class IsApprovedArtistOrAdmin(permissions.BasePermission):
    """Approved artists (on their own artworks: the view narrows the queryset) and admins."""

    message = "Only approved artists and admins can change artworks."

    def has_permission(self, request, view):
        return request.user.is_staff or selling_artist(request.user) is not None


class IsAdminOrReadOnly(permissions.BasePermission):
    """Anyone reads; only admins write."""

    message = "Only admins can manage categories."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_staff
