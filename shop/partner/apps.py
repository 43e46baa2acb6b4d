import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "shop.partner"

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401  (connects the artist_approved receiver)
