from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only so Django finds the `load_demo_data` command; it has no models."""

    name = "artiqo.demo"
    label = "demo"
    verbose_name = "Demo data"
