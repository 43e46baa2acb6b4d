"""The artists' parts of the Wagtail admin: the admins' approval queue and each artist's Profile."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .selling import selling_artist
from .studio import approvals, profile

approval_urls = [
    path("", approvals.artist_list, name="list"),
    path("<int:pk>/approve/", approvals.approve, name="approve"),
    path("<int:pk>/suspend/", approvals.suspend, name="suspend"),
]


profile_urls = [path("", profile.ProfileView.as_view(), name="edit")]


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [path("artists/", include((approval_urls, "artist_approvals")))]


@hooks.register("register_admin_urls")
def register_profile_urls():
    return [path("profile/", include((profile_urls, "studio_profile")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(approvals.MANAGE)


@hooks.register("register_admin_menu_item")
def register_approval_menu_item():
    return StaffMenuItem("Artists", reverse("artist_approvals:list"), icon_name="group", order=250)


class ProfileMenuItem(MenuItem):
    """Shown to the people the Profile screen lets in: artists who sell."""

    def is_shown(self, request):
        return selling_artist(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_profile_menu_item():
    return ProfileMenuItem("Profile", reverse("studio_profile:edit"), icon_name="user", order=190)
