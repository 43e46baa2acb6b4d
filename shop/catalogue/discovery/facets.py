"""Facet counts and the total, from ONE grouped query, cached until the catalogue changes.

The artworks matching the non-facet filters (price, availability, the searched words) are grouped
by the facet dimensions (category, artist, medium, kind): a few hundred groups, whatever the number
of artworks. Every facet's counts "under every other filter" and the total under all of them are
then sums over those groups in Python, so choosing Bristol still shows how many Manchester has
without a query per facet. The result is cached under the catalogue version (bumped on every change
a listing shows), so a visitor's page does not recount the catalogue; the first view after a
change does, once.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from oscar.core.loading import get_model

from artists.models import Artist

from ..listing import catalogue_version
from .featured import featured_token, live_artworks
from .filters import FACETS, ArtworkFilters, FacetDims

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

CACHE_SECONDS = 60 * 60  # the version makes stale entries unreachable; this only frees memory


@dataclass(frozen=True)
class FacetSummary:
    total: int
    facets: dict  # facet name → [{"value", "label", "count"}], largest first


def summarise(filters: ArtworkFilters, *, hit_ids: list[int] | None = None) -> FacetSummary:
    """The total and facet counts for `filters`; `hit_ids` are the searched words' matches, if any."""
    question = filters.cache_key() + featured_token(filters)  # `?featured=` counts follow the clock too
    key = f"facets:{catalogue_version()}:{hashlib.sha256(question.encode()).hexdigest()}"
    summary = cache.get(key)
    if summary is None:
        summary = _count(filters, hit_ids)
        cache.set(key, summary, CACHE_SECONDS)
    return summary


def facet_groups(filters: ArtworkFilters, hit_ids: list[int] | None) -> list[FacetDims]:
    """Live artworks under the non-facet filters, grouped by the facet dimensions."""
    artworks = live_artworks(filters).filter(filters.measure_q())
    if hit_ids is not None:
        artworks = artworks.filter(pk__in=hit_ids)
    rows = (
        artworks.order_by()
        .values_list("main_category_id", "artist_id", "medium", "is_original")
        .annotate(n=Count("pk"))
    )
    return [FacetDims(*row) for row in rows]


def _count(filters: ArtworkFilters, hit_ids: list[int] | None) -> FacetSummary:
    groups = facet_groups(filters, hit_ids) if hit_ids is None or hit_ids else []
    artists = {
        artist.pk: artist
        for artist in Artist.objects.filter(pk__in={g.artist_id for g in groups if g.artist_id}).only(
            "pk", "slug", "display_name", "city"
        )
    }
    city_of = {pk: artist.city for pk, artist in artists.items()}
    counts = {facet: Counter() for facet in FACETS}
    total = 0
    for group in groups:
        if filters.matches(group, city_of):
            total += group.count
        for facet in FACETS:
            if filters.matches(group, city_of, skip=facet):
                counts[facet][_facet_value(facet, group, city_of)] += group.count
    mediums = {}
    for group in groups:
        mediums.setdefault(group.medium.casefold(), group.medium)
    return FacetSummary(total=total, facets=_labelled(counts, artists, mediums))


def _facet_value(facet: str, group: FacetDims, city_of: dict):
    if facet == "category":
        return group.category_id
    if facet == "artist":
        return group.artist_id
    if facet == "city":
        return city_of.get(group.artist_id, "").casefold() or None
    if facet == "medium":
        return group.medium.casefold() or None
    return group.is_original


def _labelled(counts: dict, artists: dict, mediums: dict) -> dict:
    """Turn counted keys into the values the filters take and the labels people read."""
    category_ids = [pk for pk in counts["category"] if pk is not None]
    categories = {c.pk: c for c in Category.objects.filter(pk__in=category_ids).only("pk", "slug", "name")}
    spelling = {}  # one display spelling per casefolded city and medium
    for artist in artists.values():
        spelling.setdefault(("city", artist.city.casefold()), artist.city)

    def items(facet, describe):
        rows = []
        for key, count in counts[facet].items():
            described = describe(key) if key is not None else None
            if described is not None:
                rows.append({"value": described[0], "label": described[1], "count": count})
        return sorted(rows, key=lambda row: (-row["count"], str(row["label"]).casefold()))

    def category(pk):
        found = categories.get(pk)
        return (found.slug, found.name) if found else None

    def artist(pk):
        found = artists.get(pk)
        return (found.slug, found.display_name) if found else None

    def city(key):
        name = spelling.get(("city", key), key)
        return (name, name)

    return {
        "category": items("category", category),
        "artist": items("artist", artist),
        "city": items("city", city),
        "medium": items("medium", lambda key: (mediums[key], mediums[key])),
        "kind": sorted(
            (
                {
                    "value": "original" if is_original else "print",
                    "label": "Originals" if is_original else "Prints",
                    "count": count,
                }
                for is_original, count in counts["kind"].items()
            ),
            key=lambda row: row["value"] != "original",
        ),
    }
