"""The catalogue's place in the studio: the Artworks section of the Wagtail admin."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from artists.selling import can_use_studio

from .studio import urls as artwork_urls


@hooks.register("register_admin_urls")
def register_artwork_urls():
    return [path("artworks/", include(artwork_urls))]


class ArtworksMenuItem(MenuItem):
    """Shown to approved artists and moderators: the same people the views let in."""

    def is_shown(self, request):
        return can_use_studio(request.user)


@hooks.register("register_admin_menu_item")
def register_artworks_menu_item():
    return ArtworksMenuItem("Artworks", reverse("studio_artworks:index"), icon_name="grid", order=200)
