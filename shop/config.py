"""Oscar's root app: the shop under /shop/ opens on the catalogue; the staff dashboard moves to /dashboard/."""

from django.apps import apps
from django.urls import path
from oscar.config import Shop
from oscar.core.loading import get_class


class ArtiqoShop(Shop):
    """The shop's URLs (catalogue, basket, checkout, accounts, search) under /shop/."""

    def get_urls(self):
        dashboard = apps.get_app_config("dashboard")
        catalogue_view = get_class("search.views", "CatalogueView")
        urls = []
        for url in super().get_urls():
            if getattr(url, "app_name", None) == dashboard.label:
                continue  # mounted at /dashboard/ by the project's URL map
            if getattr(url, "name", None) == "home":
                # Oscar redirects its root to OSCAR_HOMEPAGE; ours shows the artworks straight away.
                url = path("", catalogue_view.as_view(), name="home")
            urls.append(url)
        return urls
