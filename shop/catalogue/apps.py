import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "shop.catalogue"

    def ready(self):
        super().ready()
        # Receivers: the listing columns follow their owners; the page cache hears Wagtail publish.
        from . import page_cache, receivers  # noqa: F401
