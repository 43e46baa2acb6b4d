from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and pages"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from .menus import pages_changed

        for name, signal in {
            "published": page_published,
            "unpublished": page_unpublished,
            "moved": post_page_move,
            "slug-changed": page_slug_changed,
        }.items():
            signal.connect(pages_changed, dispatch_uid=f"site-menu-page-{name}")
        post_delete.connect(pages_changed, sender=Page, dispatch_uid="site-menu-page-deleted")
        post_save.connect(pages_changed, sender=Site, dispatch_uid="site-menu-site-saved")
        post_delete.connect(pages_changed, sender=Site, dispatch_uid="site-menu-site-deleted")
