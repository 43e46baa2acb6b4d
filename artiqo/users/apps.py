from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    name = "artiqo.users"
    label = "users"
    verbose_name = "Users"
    default = True


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our viewset (Wagtail's documented way to customise user forms)."""

    default = False
    user_viewset = "artiqo.users.viewsets.UserViewSet"
