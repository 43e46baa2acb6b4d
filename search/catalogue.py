"""Finding artworks: filters, facets and ranked text search, computed in the database.

One function builds the filtered queryset for the site and the API alike. Facet counts come from
one grouped query per facet, each ignoring its own filter (so choosing "Bristol" still shows how
many artworks Manchester has), which keeps the number of queries fixed whatever the catalogue size.
"""

from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Min, Q, Value, When
from django.db.models.functions import Cast, Coalesce
from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

MAX_SEARCH_HITS = 1000  # ranked matches considered; beyond that nobody reads on

ORDERINGS = {
    "newest": ["-date_created", "-pk"],
    "price-asc": [F("min_price").asc(nulls_last=True), "pk"],
    "price-desc": [F("min_price").desc(nulls_last=True), "pk"],
    "title-asc": ["title", "pk"],
}


def ranked_artwork_ids(query: str) -> list[int]:
    """Artwork ids matching `query`, best first, from Wagtail search (SQLite FTS5 / MariaDB FULLTEXT).

    The backends weigh fields differently (MariaDB's scoring ignores field boosts), so the ranking
    is finished here the same way on both: artworks whose title holds every word come first, then
    those whose title holds some, each group in the backend's order.
    """
    backend = get_search_backend()
    hits = list(backend.search(query, Product.objects.only("pk", "title"), operator="and")[:MAX_SEARCH_HITS])
    if not hits:  # the words never appear together: accept any of them
        hits = list(backend.search(query, Product.objects.only("pk", "title"), operator="or")[:MAX_SEARCH_HITS])
    words = [word for word in query.casefold().split() if word]

    def title_strength(hit):
        title = hit.title.casefold()
        found = sum(word in title for word in words)
        return 0 if found == len(words) else (1 if found else 2)

    return [hit.pk for hit in sorted(hits, key=title_strength)]  # sorted() is stable: backend order holds


def browsable_artworks():
    """Live, browsable artworks with their lowest price and units left, ready for filtering."""
    return (
        Product.objects.live()
        .browsable()
        .annotate(
            min_price=Min("stockrecords__price"),
            # num_in_stock is UNSIGNED on MariaDB: subtract as signed, or an over-allocation errors (1690).
            units_left=Min(
                Cast("stockrecords__num_in_stock", IntegerField())
                - Coalesce(F("stockrecords__num_allocated"), Value(0))
            ),
        )
    )


def _filter_q(name: str, value) -> Q:
    if name == "category":
        category = Category.objects.filter(slug=value).first()
        paths = [c.path for c in category.get_descendants_and_self()] if category else []
        return Q(categories__path__in=paths)
    if name == "artist":
        return Q(artist__slug=value)
    if name == "city":
        return Q(artist__city__iexact=value)
    if name == "medium":
        return Q(medium__iexact=value)
    if name == "kind":
        return Q(is_original=(value == "original"))
    if name == "min_price":
        return Q(min_price__gte=Decimal(value))
    if name == "max_price":
        return Q(min_price__lte=Decimal(value))
    if name == "in_stock":
        return Q(units_left__gt=0)
    return Q()


FILTERS = ("category", "artist", "city", "medium", "kind", "min_price", "max_price", "in_stock")


def apply_filters(artworks, filters: dict, *, skip: str | None = None):
    for name in FILTERS:
        if name in filters and name != skip:
            artworks = artworks.filter(_filter_q(name, filters[name]))
    return artworks


def find_artworks(filters: dict, *, base=None):
    """The artworks for these filters (and `q`), ordered as asked; relevance when searching."""
    artworks = base if base is not None else browsable_artworks()
    query = filters.get("q", "").strip()
    ranked = ranked_artwork_ids(query) if query else None
    if ranked is not None:
        artworks = artworks.filter(pk__in=ranked)
    artworks = apply_filters(artworks, filters).distinct()
    sort = filters.get("sort_by") or ("relevance" if ranked is not None else "newest")
    if sort == "relevance" and ranked:
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
        return artworks.order_by(rank, "pk"), ranked
    return artworks.order_by(*ORDERINGS.get(sort, ORDERINGS["newest"])), ranked


def facet_counts(filters: dict, ranked: list[int] | None, *, base=None) -> dict:
    """Counts per category, artist, city, medium and kind under the other active filters."""
    artworks = base if base is not None else browsable_artworks()
    if ranked is not None:
        artworks = artworks.filter(pk__in=ranked)

    def matching(skip):
        # Group over a plain queryset restricted by a subquery: mixing the price aggregates
        # above with a second GROUP BY would count join rows instead of artworks.
        return Product.objects.filter(pk__in=apply_filters(artworks, filters, skip=skip).values("pk"))

    def grouped(skip, *fields):
        rows = matching(skip).values(*fields).annotate(n=Count("pk", distinct=True))
        return [row for row in rows.order_by("-n", *fields) if row[fields[0]] not in (None, "")]

    return {
        "category": [
            {"value": row["categories__slug"], "label": row["categories__name"], "count": row["n"]}
            for row in grouped("category", "categories__slug", "categories__name")
        ],
        "artist": [
            {"value": row["artist__slug"], "label": row["artist__display_name"], "count": row["n"]}
            for row in grouped("artist", "artist__slug", "artist__display_name")
        ],
        "city": [
            {"value": row["artist__city"], "label": row["artist__city"], "count": row["n"]}
            for row in grouped("city", "artist__city")
        ],
        "medium": [
            {"value": row["medium"], "label": row["medium"], "count": row["n"]} for row in grouped("medium", "medium")
        ],
        "kind": [
            {
                "value": "original" if row["is_original"] else "print",
                "label": "Originals" if row["is_original"] else "Prints",
                "count": row["n"],
            }
            for row in apply_filters(artworks, filters, skip="kind")
            .values("is_original")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-is_original")
        ],
    }


def suggestions(prefix: str, limit: int = 5) -> dict:
    """Autocomplete: artworks whose title starts like `prefix` and artists whose name does."""
    from artists.models import ArtistPage

    backend = get_search_backend()
    artwork_ids = [hit.pk for hit in backend.autocomplete(prefix, Product.objects.all())[:50]]
    artworks = Product.objects.live().filter(pk__in=artwork_ids).select_related("artist")
    by_id = {artwork.pk: artwork for artwork in artworks}
    ranked = [by_id[pk] for pk in artwork_ids if pk in by_id][:limit]
    pages = [
        page
        for page in backend.autocomplete(prefix, ArtistPage.objects.live().select_related("artist"))[:20]
        if page.artist_id and page.artist.is_approved
    ][:limit]
    return {
        "artworks": [{"title": a.title, "url": a.get_absolute_url(), "artist": a.artist.display_name} for a in ranked],
        "artists": [{"name": p.title, "url": p.url, "city": p.artist.city} for p in pages],
    }
