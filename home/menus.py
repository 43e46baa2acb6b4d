"""The footer's editorial menu (about, FAQ, fees…): read once per change of the page tree, not per request.

Every page of the site shows it, and building it costs a site lookup, a tree query and a URL per
page, a fifth of a catalogue page's time. It changes only when an editor publishes, unpublishes,
moves or deletes a page or edits a site, so it is cached under a version those events bump
(shared by every app process through the default cache).
"""

from django.core.cache import cache
from wagtail.models import Site

from artiqo.cache_versions import bump_version, read_version

VERSION_KEY = "site-menu:version"
MENU_SECONDS = 60 * 60  # the version makes a stale menu unreachable; this only frees memory
OWN_FOOTER_LINK = {"artistindexpage"}  # the artists' index has its own fixed link in the footer


def menu_version() -> int:
    return read_version(VERSION_KEY)


def pages_changed(**kwargs) -> None:
    """Receiver for page and site changes (home/apps.py): every cached menu is stale."""
    bump_version(VERSION_KEY)


def menu_links(request) -> list[tuple[str, str]]:
    """(url, title) of the live pages under the request's site root that editors put in menus."""
    key = f"site-menu:{menu_version()}:{request.get_host()}"
    links = cache.get(key)
    if links is None:
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().in_menu() if site else []
        links = [
            (page.get_url(request=request), page.title)
            for page in pages
            if page.cached_content_type.model not in OWN_FOOTER_LINK
        ]
        cache.set(key, links, MENU_SECONDS)
    return links
