"""Artwork page views, counted in the cache during the request and written to Oscar's analytics later.

Oscar records a view by updating `ProductRecord` (and, for signed-in users, `UserRecord` plus one
`UserProductView` row) inside every product GET: a write per page view, contended on popular
artworks. Here a view costs a cache increment; `flush_artwork_views()` (run by
`manage.py flush_artwork_views`, or the task, from the scheduler) adds the counts to
`ProductRecord.num_views` and `UserRecord.num_product_views`, which the dashboard reports read.
`UserProductView` rows are no longer written: nothing in the shop or the dashboard reads them.

The cache has no way to list keys, so views are tallied per minute: the first view of an artwork
(or user) in a minute appends it to that minute's log (an atomic counter names the slot), later
views only increment its counter. A flush reads the closed minutes, applies them in one
transaction, then deletes their keys. Counts are best effort, as analytics are: a view whose
cache write fails is lost rather than failing the page.
"""

import logging
import time
from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)

ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")

PREFIX = "artwork-views"
MINUTE = 60
# Keys outlive a stopped scheduler by a day; a flush looks back as far as they live.
KEEP_SECONDS = 2 * 24 * 3600
LOOKBACK_MINUTES = KEEP_SECONDS // MINUTE
FLUSH_LOCK = f"{PREFIX}:flushing"
ARTWORK, USER = "artwork", "user"


def count_artwork_view(*, artwork_id: int, user_id: int | None = None) -> None:
    """Count one view of an artwork page (and, when signed in, one product view by the user)."""
    minute = int(time.time()) // MINUTE
    try:
        _tally(minute, ARTWORK, artwork_id)
        if user_id:
            _tally(minute, USER, user_id)
    except Exception:  # noqa: BLE001  (a cache outage must not fail the page; the view goes uncounted)
        logger.warning("Could not count a view of artwork %s", artwork_id, exc_info=True)


def flush_artwork_views(*, now: float | None = None) -> dict:
    """Add the views counted in closed minutes to the analytics records; returns what was written."""
    if not cache.add(FLUSH_LOCK, 1, timeout=10 * MINUTE):
        return {"skipped": "another flush is running"}
    try:
        current = int(now if now is not None else time.time()) // MINUTE
        # Leave the last minute alone too: a request may still be writing the one that just closed.
        minutes = range(current - LOOKBACK_MINUTES, current - 1)
        sizes = cache.get_many([_log_size_key(minute) for minute in minutes])
        views = {ARTWORK: Counter(), USER: Counter()}
        read_keys = list(sizes)
        for size_key, size in sizes.items():
            minute = int(size_key.split(":")[1])
            slots = cache.get_many([_slot_key(minute, slot) for slot in range(1, size + 1)])
            counters = {_counter_key(minute, kind, pk): (kind, pk) for kind, pk in slots.values()}
            for counter_key, count in cache.get_many(list(counters)).items():
                kind, pk = counters[counter_key]
                views[kind][pk] += count
            read_keys += [*slots, *counters]
        with transaction.atomic():
            _add_views(ProductRecord, "product_id", "num_views", views[ARTWORK])
            _add_views(UserRecord, "user_id", "num_product_views", views[USER])
        cache.delete_many(read_keys)
        return {"artworks": len(views[ARTWORK]), "views": sum(views[ARTWORK].values())}
    finally:
        cache.delete(FLUSH_LOCK)


def _tally(minute: int, kind: str, pk: int) -> None:
    if cache.add(_counter_key(minute, kind, pk), 1, KEEP_SECONDS):
        # First view in this minute: log it, in the slot an atomic counter hands out.
        size_key = _log_size_key(minute)
        cache.add(size_key, 0, KEEP_SECONDS)
        cache.set(_slot_key(minute, cache.incr(size_key)), (kind, pk), KEEP_SECONDS)
    else:
        cache.incr(_counter_key(minute, kind, pk))


def _add_views(model, owner_field: str, count_field: str, views: Counter) -> None:
    """Add `views` (owner id → count) to the records, creating those that do not exist yet."""
    if not views:
        return
    existing = set(model.objects.filter(**{f"{owner_field}__in": views}).values_list(owner_field, flat=True))
    for owner_id in sorted(existing):  # a fixed order, so two writers cannot deadlock
        model.objects.filter(**{owner_field: owner_id}).update(**{count_field: F(count_field) + views[owner_id]})
    owners = model._meta.get_field(owner_field.removesuffix("_id")).related_model
    # Owners deleted since their views were counted are skipped.
    new = owners.objects.filter(pk__in=[pk for pk in views if pk not in existing]).values_list("pk", flat=True)
    model.objects.bulk_create([model(**{owner_field: pk, count_field: views[pk]}) for pk in new])


def _counter_key(minute: int, kind: str, pk: int) -> str:
    return f"{PREFIX}:{minute}:{kind}:{pk}"


def _log_size_key(minute: int) -> str:
    return f"{PREFIX}:{minute}:logged"


def _slot_key(minute: int, slot: int) -> str:
    return f"{PREFIX}:{minute}:slot:{slot}"
