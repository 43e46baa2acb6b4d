"""Orders' place in the studio: the Orders section of the Wagtail admin."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from artists.selling import can_use_studio

from .studio import urls as order_urls


@hooks.register("register_admin_urls")
def register_order_urls():
    return [path("orders/", include(order_urls))]


class OrdersMenuItem(MenuItem):
    """Shown to approved artists and admins: the same people the views let in."""

    def is_shown(self, request):
        return can_use_studio(request.user)


@hooks.register("register_admin_menu_item")
def register_orders_menu_item():
    return OrdersMenuItem("Orders", reverse("studio_orders:index"), icon_name="list-ul", order=210)
