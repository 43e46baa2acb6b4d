"""The listing columns of an artwork, and the catalogue version that tells caches they went stale.

A list page must read indexed columns of the artwork row and stop after LIMIT rows. What it shows
and filters on, though, lives elsewhere: the price and units left in the single stock record, the
artist's status, the category. So those values are copied onto the artwork (`is_live`,
`listing_price`, `units_left`, `main_category`) by ONE function, `refresh_listing()`, which
recomputes them in SQL from the rows that own them. It runs inside the transaction of every change
(services call it; receivers catch saves made elsewhere, such as Oscar's stock allocation and
dashboard), and `manage.py check_listings` finds and repairs any drift.

Every refresh also bumps the catalogue version after commit. Caches of counts, facets and whole
anonymous pages put the version in their keys, so a sold-out artwork or a suspended artist is never
served from a cache filled before the change.
"""

import threading

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.dispatch import receiver
from oscar.core.loading import get_model

from artiqo.cache_versions import bump_version, read_version
from artists.models import Artist

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

VERSION_KEY = "catalogue:version"
LISTING_COLUMNS = ["is_live", "listing_price", "units_left", "main_category"]

# The one definition of "live", in terms of the rows that own it. Reads use the copied column
# (`Product.objects.live()`), writes recompute it with this.
LIVE_SOURCE = Q(
    Exists(Artist.objects.filter(pk=OuterRef("artist_id"), status=Artist.Status.APPROVED)),
    is_public=True,
    hidden_reason="",
    parent__isnull=True,
    commission__isnull=True,  # a commissioned one-off is seen and bought by its buyer only
)


def listing_values() -> dict:
    """The listing columns as SQL expressions over their owners, for `update()` or `annotate()`."""
    record = StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk")
    # The stock columns are UNSIGNED on MariaDB: subtract as signed, or an over-allocation errors (1690).
    units_left = Cast("num_in_stock", IntegerField()) - Coalesce(F("num_allocated"), Value(0))
    return {
        "is_live": Case(When(LIVE_SOURCE, then=Value(True)), default=Value(False), output_field=BooleanField()),
        "listing_price": Subquery(record.values("price")[:1]),
        "units_left": Coalesce(
            Subquery(record.annotate(left=units_left).values("left")[:1], output_field=IntegerField()), Value(0)
        ),
        "main_category": Subquery(
            ProductCategory.objects.filter(product=OuterRef("pk")).order_by("pk").values("category")[:1]
        ),
    }


def refresh_listing(artworks) -> int:
    """Recompute the listing columns of `artworks` (a queryset) from their owners; returns the rows updated."""
    updated = artworks.order_by().update(**listing_values())
    catalogue_changed()
    return updated


def catalogue_changed() -> None:
    """Make cached counts, facets and pages stale: now, and again once the change commits.

    Now, for this transaction's own reads; after commit, because another process may have cached
    the old rows under the first new version before this transaction became visible.
    """
    bump_catalogue_version()
    transaction.on_commit(bump_catalogue_version)


def drifted_artworks():
    """Artworks whose copied listing columns disagree with the rows they are copied from."""
    differs = Q()
    for name in listing_values():
        stored, fresh = ("main_category_id" if name == "main_category" else name), f"computed_{name}"
        # NULL never equals NULL in SQL: "both NULL" counts as the same.
        same = Q(**{stored: F(fresh)}) | Q(**{f"{stored}__isnull": True, f"{fresh}__isnull": True})
        differs |= ~same
    computed = {f"computed_{name}": value for name, value in listing_values().items()}
    return Product.objects.annotate(**computed).filter(differs)


# Within one request the version is read from the cache once: a list page asks for it in half a
# dozen places (counts, ranking, cards, sidebar, menu). Outside requests (workers, commands) there
# is no such moment, so every call reads the shared cache.
_request = threading.local()


@receiver(request_started, dispatch_uid="catalogue-version-request-started")
def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


@receiver(request_finished, dispatch_uid="catalogue-version-request-finished")
def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def catalogue_version() -> int:
    """A number that changes whenever anything a listing shows changes (shared by all processes via the cache)."""
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = _read_version()
        return _request.version
    return _read_version()


def _read_version() -> int:
    return read_version(VERSION_KEY)


def bump_catalogue_version() -> None:
    """Make every cached count, facet and anonymous page stale (call after the change commits)."""
    _request.version = None
    bump_version(VERSION_KEY)
