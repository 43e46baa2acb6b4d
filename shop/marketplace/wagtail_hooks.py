"""The marketplace's place in the studio: Earnings for artists, Marketplace for admins, and the settings' audit.

MarketplaceSettings is a Wagtail setting (models.py registers it), edited at
/cms/settings/marketplace/marketplacesettings/<pk>/ by superusers and groups granted "Can change
marketplace settings". Wagtail saves that screen itself, so the audit trail hooks around its save:
the values before are remembered when the screen is opened for the request, and the change is
recorded (terms.record_change) once the save has gone through.
"""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from artists.selling import is_moderator, selling_artist

from . import terms
from .models import MarketplaceSettings
from .studio.urls import earnings_urls, marketplace_urls

SETTINGS_BEFORE = "_marketplace_settings_before"


@hooks.register("register_admin_urls")
def register_money_urls():
    return [path("earnings/", include(earnings_urls)), path("marketplace/", include(marketplace_urls))]


class EarningsMenuItem(MenuItem):
    """Shown to artists who sell (admins have no earnings: their Marketplace shows everyone's)."""

    def is_shown(self, request):
        return selling_artist(request.user) is not None and not is_moderator(request.user)


class MarketplaceMenuItem(MenuItem):
    """Shown to admins: the same people the Marketplace views let in."""

    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_earnings_menu_item():
    return EarningsMenuItem("Earnings", reverse("studio_earnings:index"), icon_name="decimal", order=220)


@hooks.register("register_admin_menu_item")
def register_marketplace_menu_item():
    return MarketplaceMenuItem("Marketplace", reverse("studio_marketplace:index"), icon_name="sliders", order=240)


@hooks.register("register_permissions")
def register_settings_permission():
    """ "Can change marketplace settings", grantable to a group in Settings → Groups."""
    return Permission.objects.filter(content_type__app_label="marketplace", codename="change_marketplacesettings")


@hooks.register("before_edit_setting")
def remember_settings_before_edit(request, instance):
    if isinstance(instance, MarketplaceSettings):
        setattr(request, SETTINGS_BEFORE, instance.snapshot())


@hooks.register("after_edit_setting")
def record_settings_edit(request, instance):
    """Runs only after a valid save: who changed which value from what to what.

    The values after are read back from the database, like the values before, so a rate typed
    "0.15" over a stored 0.1500 is no change.
    """
    if isinstance(instance, MarketplaceSettings):
        terms.record_change(
            subject=terms.SETTINGS_SUBJECT,
            before=getattr(request, SETTINGS_BEFORE, {}),
            after=MarketplaceSettings.objects.get(pk=instance.pk).snapshot(),
            user=request.user,
        )


# --- Plan & billing (artists) and Plans (admins) ---------------------------------------------------


@hooks.register("register_admin_urls")
def register_billing_urls():
    from .studio.urls import billing_urls

    return [path("billing/", include(billing_urls))]


class BillingMenuItem(MenuItem):
    """Shown to artists who sell: their own plan, limits, credits and invoices."""

    def is_shown(self, request):
        return selling_artist(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_billing_menu_item():
    return BillingMenuItem("Plan & billing", reverse("studio_billing:index"), icon_name="tag", order=230)


@hooks.register("register_admin_viewset")
def register_plan_viewset():
    """Plans, for admins holding the plan permissions (studio.plans_admin says who and why no delete)."""
    from .studio.plans_admin import plan_viewset

    return plan_viewset


# --- Featuring (artists and admins) --------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_featuring_urls():
    from .studio.urls import featuring_urls

    return [path("featuring/", include(featuring_urls))]


class FeaturingMenuItem(MenuItem):
    """Artists feature their own artworks; admins see what is featured and grant or end featurings."""

    def is_shown(self, request):
        return is_moderator(request.user) or selling_artist(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_featuring_menu_item():
    return FeaturingMenuItem("Featuring", reverse("studio_featuring:index"), icon_name="pick", order=230)


# --- The artist’s studio home ---------------------------------------------------------------------


# Order 1: after the other apps' home panels are in, so the artist's home is arranged last (studio.home).
@hooks.register("construct_homepage_panels", order=1)
def put_artist_home_first(request, panels):
    """An artist who sells opens the studio on their own figures; admins keep their home."""
    from .studio.home import put_artist_panels_first

    artist = selling_artist(request.user)
    if artist is not None and not is_moderator(request.user):
        put_artist_panels_first(artist, panels)


@hooks.register("construct_homepage_summary_items", order=1)
def drop_site_summary_for_artists(request, summary_items):
    """Its counts are every artist's pages and pictures, not the artist's (studio.home)."""
    from .studio.home import drop_site_summary

    if selling_artist(request.user) is not None and not is_moderator(request.user):
        drop_site_summary(summary_items)


# --- Marketplace dashboard: the admins' studio home (g3) ----------------------------------------


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    from .studio.dashboard_csv import dashboard_urls

    return [path("marketplace/dashboard/", include(dashboard_urls))]


@hooks.register("construct_homepage_panels")
def add_marketplace_dashboard(request, panels):
    """Admins open the studio on the Marketplace dashboard (artists get their own home, studio/home.py)."""
    from .studio.dashboard import MarketplaceDashboardPanel

    if is_moderator(request.user):
        panels.append(MarketplaceDashboardPanel(request))
