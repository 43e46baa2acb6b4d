from django.apps import AppConfig


class ArtistsConfig(AppConfig):
    name = "artists"
    verbose_name = "Artists"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the sign-up receiver)
