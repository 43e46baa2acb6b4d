"""The footer's editorial menu (about, FAQ, fees…): read once per change of the site, not per request.

Every page of the site shows it, and building it costs a site lookup, a tree query and a URL per
page, a fifth of a catalogue page's time. It is cached under the catalogue version, which moves
whenever a Wagtail page is published, unpublished, moved or deleted (shop/catalogue/page_cache.py)
and is shared by every app process through the default cache.
"""

from django.core.cache import cache
from wagtail.models import Site

from artists.models import ArtistIndexPage
from shop.catalogue.listing import catalogue_version

MENU_SECONDS = 60 * 60  # the version makes a stale menu unreachable; this only frees memory


def menu_links(request) -> list[tuple[str, str]]:
    """(url, title) of the live pages under the request's site root that editors put in menus.

    The artists' index has its own fixed link in the footer, so it is left out here.
    """
    key = f"site-menu:{catalogue_version()}:{request.get_host()}"
    links = cache.get(key)
    if links is None:
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().in_menu() if site else []
        links = [
            (page.get_url(request=request), page.title)
            for page in pages
            if not issubclass(page.specific_class, ArtistIndexPage)
        ]
        cache.set(key, links, MENU_SECONDS)
    return links
