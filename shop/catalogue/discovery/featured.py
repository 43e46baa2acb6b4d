"""The one definition of "featured now", for every place that shows or orders featured artworks.

An artwork is featured now when it has a FeaturedListing that is active, has started and has not
ended (`starts_at <= now < ends_at`), AND the artwork itself is live and has units left. The last
two are the artwork's listing columns, read at query time: a sale, a hide or an artist's suspension
ends the featuring at once, and a listing past its `ends_at` stops counting before any sweep marks
it ended. Nothing here is cached, so every answer is right at the moment it is asked.

Featured artworks are few (paid or editorial listings), so each question here starts from the
running listings through their (status, ends_at) index and joins the artworks by primary key; none
is a pass over the catalogue. The marketplace model is looked up lazily: the catalogue must not
import marketplace modules while apps load.
"""

import hashlib
from datetime import timedelta

from django.apps import apps
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone
from oscar.core.loading import get_model

from ..listing import catalogue_version

Product = get_model("catalogue", "Product")

# More running listings than this cannot all be put first; beyond it artworks keep their ordinary
# place (never twice, never skipped). Featuring is paid per artwork, so real numbers are far lower.
MAX_FEATURED = 200
# Among themselves, featured artworks come newest first, as the rest of the default order does.
FEATURED_ORDER = (F("date_created").desc(), F("pk").desc())


def _running_listings(now):
    FeaturedListing = apps.get_model("marketplace", "FeaturedListing")
    return FeaturedListing.objects.running(now)


def featured_now_q(now=None) -> Q:
    """Artworks featured at `now` (default: this moment), as a condition over Product.

    Written as `pk IN (running listings' artworks)`, the same set as an EXISTS over the listings,
    so the planner starts from the few running listings (index `featured_running`) and looks each
    artwork up by primary key. "Live" is `is_live = TRUE` here on purpose, not `live()`'s
    `is_live IN (TRUE)`: offered the (is_live, ...) listing indexes, SQLite walks every live
    artwork instead (measured at 100k: 37 ms against 1 ms).
    """
    running = _running_listings(now or timezone.now())
    return Q(pk__in=running.values("artwork_id"), is_live=True, units_left__gt=0)


def live_artworks(filters=None):
    """The live artworks a question starts from: for `?featured=true`, the featured ones (a few, by key).

    `Product.objects.live()` invites the planner down the (is_live, ...) indexes, which for "only
    featured" means walking every live artwork to find the few; starting from the running
    listings reads only those. The filter itself is applied again by `filters.q()`: same rows.
    """
    if getattr(filters, "featured", None) is True:
        return Product.objects.filter(featured_now_q())
    return Product.objects.live()


def featured_artworks(filters=None, now=None):
    """Artworks featured now that pass `filters` (an ArtworkFilters; its words are not searched), newest first."""
    artworks = Product.objects.filter(featured_now_q(now))
    if filters is not None:
        artworks = artworks.filter(filters.q())
    return artworks.order_by(*FEATURED_ORDER)


def featured_ids(filters=None, now=None, limit: int = MAX_FEATURED) -> list[int]:
    """Ids of `featured_artworks(filters, now)`, at most `limit`: one query."""
    return list(featured_artworks(filters, now).values_list("pk", flat=True)[:limit])


def is_featured_map(artwork_ids, now=None) -> set[int]:
    """Which of `artwork_ids` are featured now: one query, whatever their number."""
    wanted = sorted({int(pk) for pk in artwork_ids})
    if not wanted:
        return set()
    return set(Product.objects.filter(featured_now_q(now), pk__in=wanted).order_by().values_list("pk", flat=True))


def featured_now_ids() -> frozenset | None:
    """Every artwork featured now, from the cache; None when more than MAX_FEATURED are.

    For the pages' badges, flags and tie-breaks, which would otherwise each cost a query. Exact,
    not merely recent: the entry is keyed by the catalogue version, which every change to a
    listing or an artwork's live/stock state bumps (receivers.py), and it holds the moment it
    stops being true by the clock (the next `ends_at` of a running listing or `starts_at` of a
    waiting one), after which it is read afresh. The miss costs one query over the active listings.
    """
    key = f"featured-now:{catalogue_version()}"
    now = timezone.now()
    found = cache.get(key)
    if found is None or found[1] <= now:
        found = _featured_now_with_expiry(now)
        cache.set(key, found, 60 * 60)
    return found[0]


def _featured_now_with_expiry(now) -> tuple:
    FeaturedListing = apps.get_model("marketplace", "FeaturedListing")
    rows = list(
        FeaturedListing.objects.filter(
            status=FeaturedListing.ACTIVE,
            ends_at__gt=now,
            artwork__is_live=True,
            artwork__units_left__gt=0,
        )
        .order_by()
        .values_list("artwork_id", "starts_at", "ends_at")[: MAX_FEATURED * 4]
    )
    if len(rows) == MAX_FEATURED * 4:
        return None, now + timedelta(minutes=1)
    running = frozenset(pk for pk, starts_at, _ in rows if starts_at is not None and starts_at <= now)
    changes = [ends_at for _, starts_at, ends_at in rows if starts_at is not None and starts_at <= now]
    changes += [starts_at for _, starts_at, _ in rows if starts_at is not None and starts_at > now]
    until = min(changes, default=now + timedelta(hours=1))
    return (running if len(running) <= MAX_FEATURED else None), until


def featured_token(filters) -> str:
    """What a cached answer to `filters` depends on beyond the catalogue version: "" unless it filters on featuring.

    `?featured=` answers change when a listing runs out, which bumps no version; so their cached
    counts are keyed by the set featured now as well (one small query).
    """
    if getattr(filters, "featured", None) is None:
        return ""
    ids = featured_artworks().order_by("pk").values_list("pk", flat=True)
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
