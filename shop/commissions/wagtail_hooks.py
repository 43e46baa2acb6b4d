"""Commissions' place in the studio: the Commissions section, its menu count, and a panel on the studio home."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
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


class AwaitingCommissionsPanel(Component):
    """The studio home's line for artists: how many requests wait for their answer, and the way to them."""

    name = "commissions_awaiting"
    template_name = "studio/commissions/home_panel.html"
    order = 50

    def __init__(self, artist):
        self.artist = artist

    def get_context_data(self, parent_context):
        return {
            "awaiting": awaiting_artist(self.artist).count(),
            "open_for_commissions": self.artist.open_for_commissions,
        }


@hooks.register("construct_homepage_panels")
def add_awaiting_commissions_panel(request, panels):
    artist = selling_artist(request.user)
    if artist is not None:
        panels.append(AwaitingCommissionsPanel(artist))
