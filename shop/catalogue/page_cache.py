"""Whole pages for visitors who are not logged in, served from the cache until the catalogue changes.

Visitors see the same catalogue, artwork, artist and home pages, so those are rendered once and kept
for `ANONYMOUS_PAGE_CACHE_SECONDS`. The key holds `catalogue_version()`, which moves after every
commit that changes what a listing shows (stock, price, title, pictures, an artist's status) and,
through the receivers below, whenever a Wagtail page is published, unpublished, moved or deleted: a
sold-out original is never offered from a page cached before the sale.

Django's own cache middleware is not used as is: it keys on the request's `Vary: Cookie`, so every
visitor with a cookie (csrftoken, messages) gets a private copy and the anonymous/logged-in split is
left to cookies; and it stamps `Cache-Control: max-age` on the response, which would let a browser
keep showing an artwork as available after it sold. Here the key is the version plus the absolute
URL (host, path and query string), only anonymous requests are looked up, and nothing tells
browsers or proxies to cache.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from artists.models import ArtistIndexPage, ArtistPage
from home.models import HomePage

from .listing import catalogue_changed, catalogue_version
from .view_counts import count_artwork_view

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"

# The pages kept whole, by URL name: the catalogue (at /shop/, Oscar's "home", and /shop/catalogue/),
# its categories, search results and artwork pages. Wagtail serves every page through one view, so
# its pages are further narrowed by type once rendered (CACHED_PAGE_TYPES).
CACHED_VIEWS = frozenset(
    {"home", "catalogue:index", "catalogue:category", "catalogue:detail", "search:search", "wagtail_serve"}
)
CACHED_PAGE_TYPES = (HomePage, ArtistIndexPage, ArtistPage)
ARTWORK_PAGE = "catalogue:detail"


def page_key(request) -> str:
    """The cache key of this page in the current catalogue version: host, path and query string."""
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"anonymous-page:{catalogue_version()}:{url}"


class AnonymousPageCacheMiddleware:
    """Serve listed pages to anonymous GET/HEAD requests from the cache; store fresh 200s without cookies.

    Sits after the authentication and messages middleware: it reads `request.user` (which never
    creates a session) and refuses visitors who have messages waiting to be shown.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_anonymous_page_key", None)
        if key is None:
            return response
        if _may_store(request, response):
            cache.set(key, response, settings.ANONYMOUS_PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _may_look_up(request):
            return None
        key = page_key(request)
        cached = cache.get(key)
        if cached is None:
            request._anonymous_page_key = key
            return None
        cached[HEADER] = "hit"
        if request.resolver_match.view_name == ARTWORK_PAGE:
            # The view did not run, so count the visit here as it would have.
            count_artwork_view(artwork_id=view_kwargs.get("pk"))
        return cached


def _may_look_up(request) -> bool:
    return bool(
        settings.ANONYMOUS_PAGE_CACHE_SECONDS
        and request.method in ("GET", "HEAD")
        and request.resolver_match is not None
        and request.resolver_match.view_name in CACHED_VIEWS
        and not request.user.is_authenticated
        and not _messages_waiting(request)
    )


def _may_store(request, response) -> bool:
    """A 200 page anyone anonymous may see: no cookie set (a CSRF token, a message), no preview, no restriction."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.user.is_authenticated or getattr(request, "is_preview", False):
        return False
    # The middleware around this one set their cookies after it returns, so ask what they will do:
    # a page that rendered a CSRF token (its value is in the HTML), touched the session or showed a
    # message belongs to this visitor alone.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # Visitors with messages waiting were not looked up (so never reach here); a message added now
    # goes to this visitor alone.
    storage = getattr(request, "_messages", None)
    if storage is not None and storage.added_new:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return False
    if request.resolver_match.view_name == "wagtail_serve":
        page = (getattr(response, "context_data", None) or {}).get("page")
        if not isinstance(page, CACHED_PAGE_TYPES):
            return False
        # A visitor who unlocked a password-protected page must not unlock it for everyone.
        if page.get_view_restrictions().exists():
            return False
    return True


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    # len() loads the stored messages without marking them read.
    return storage is not None and len(storage) > 0


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    """A published page's content, its presence or its URL changed: cached pages may show it."""
    catalogue_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_delete, sender=Page)
def page_access_changed(sender, raw=False, **kwargs):
    """A page was deleted, or who may see it changed."""
    if not raw:
        catalogue_changed()
