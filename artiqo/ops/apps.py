from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "artiqo.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up checks)
