"""Commissions' place in the studio: the Commissions section and its menu count.

The studio home's count of requests awaiting the artist is one of the artist's home panels
(shop/marketplace/studio/home.py), read with their other figures.
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from artists.commissions.services import awaiting_artist
from artists.selling import can_use_studio, selling_artist

from .studio import urls as commission_urls


@hooks.register("register_admin_urls")
def register_commission_urls():
    return [path("commissions/", include(commission_urls))]


class CommissionsMenuItem(MenuItem):
    """Shown to approved artists and admins (the people the views let in); an artist's label counts the
    requests waiting for their answer, so a new one is seen from any studio page."""

    def is_shown(self, request):
        return can_use_studio(request.user)

    def render_component(self, request):
        artist = selling_artist(request.user)
        awaiting = awaiting_artist(artist).count() if artist else 0
        label = f"{self.label} ({awaiting})" if awaiting else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def register_commissions_menu_item():
    return CommissionsMenuItem(
        "Commissions", reverse("studio_commissions:index"), name="commissions", icon_name="mail", order=215
    )
