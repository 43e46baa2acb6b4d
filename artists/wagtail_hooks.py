"""The artists' parts of the Wagtail admin: the admins' approval queue."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .studio import approvals

approval_urls = [
    path("", approvals.artist_list, name="list"),
    path("<int:pk>/approve/", approvals.approve, name="approve"),
    path("<int:pk>/suspend/", approvals.suspend, name="suspend"),
]


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [path("artists/", include((approval_urls, "artist_approvals")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(approvals.MANAGE)


@hooks.register("register_admin_menu_item")
def register_approval_menu_item():
    return StaffMenuItem("Artists", reverse("artist_approvals:list"), icon_name="group", order=250)
