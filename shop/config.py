"""Oscar's root app, with the staff dashboard moved out of the shop to /dashboard/."""

from django.apps import apps
from oscar.config import Shop


class ArtiqoShop(Shop):
    """The shop's URLs (catalogue, basket, checkout, accounts, search) under /shop/."""

    def get_urls(self):
        dashboard = apps.get_app_config("dashboard")
        return [url for url in super().get_urls() if getattr(url, "app_name", None) != dashboard.label]
