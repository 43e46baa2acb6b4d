"""What to show a buyer next: artworks related to their purchases, similar artworks, popular ones.

Every function here ranks in the database and then loads the winners with ONE `for_listing()`
fetch, so the cost is a fixed handful of queries whatever the size of the catalogue or of anyone's
order history. Only live artworks with units left are ever suggested, and rankings are
deterministic: equal scores fall back to the newest artwork, then the highest id.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from shop.catalogue.discovery.featured import featured_artworks
from shop.catalogue.listing import catalogue_version

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

CANCELLED = "Cancelled"  # an order in this status was never a purchase (settings.OSCAR_ORDER_STATUS_PIPELINE)
POPULAR_WINDOW = timedelta(days=90)
NEWEST_FIRST = ("-date_created", "-pk")

# recommended_for(): each signal outweighs all the weaker ones together (8 > 4 + 2 + 1), so the
# order of importance is strict, and co-purchases also count once per order that holds them.
CO_PURCHASE_WEIGHT = 8
SAME_ARTIST_WEIGHT = 4
SAME_CATEGORY_WEIGHT = 2
SAME_MEDIUM_WEIGHT = 1

# similar_to(): a plain sum of the traits shared with the artwork on the page.
SIMILAR_CATEGORY_WEIGHT = 4
SIMILAR_ARTIST_WEIGHT = 3
SIMILAR_MEDIUM_WEIGHT = 2
SIMILAR_KIND_WEIGHT = 1
# recommended_for(): the purchases considered, and the candidates taken per kind of relation.
RECENT_PURCHASES = 50
RELATED_CANDIDATES = 48

# similar_to(): how many of the newest artworks sharing each trait are considered.
SIMILAR_CANDIDATES_PER_TRAIT = 24
RELATED_SECONDS = 60 * 60  # the catalogue version makes stale rows unreachable; this only frees memory


def recommended_for(user, limit: int = 8) -> list[Product]:
    """Artworks to suggest to `user`, best first: related to what they bought, topped up with popular ones.

    Each candidate artwork scores, against the user's purchases (lines of their orders that were
    not cancelled):

    - 8 for every order of ANOTHER buyer that holds it together with something this user bought
      (people who bought what you bought also bought this);
    - 4 if its artist made something the user bought;
    - 2 if it shares a (main) category with something the user bought;
    - 1 if it shares a medium (case-insensitive) with something the user bought.

    Artworks scoring 0 are unrelated and left out; ties go to the newest artwork, then the highest
    id. Artworks the user already bought, their own artworks (when they are an artist), sold-out
    ones and any that are not live are never suggested. Anonymous users, users with no purchases,
    and users with fewer related artworks than `limit` get (the rest of) `popular_artwork_ids()`:
    the artworks featured now first, then popular ones.

    Bounded, never a pass over the catalogue: the candidates are the artworks co-purchased with
    the user's latest `RECENT_PURCHASES` purchases and the newest `RELATED_CANDIDATES` available
    artworks by their artists, in their categories and in their mediums (index range scans with
    LIMIT), scored in Python: a fixed number of queries whatever the catalogue or history size.
    """
    if user is None or not user.is_authenticated:
        return popular_artworks(limit)
    bought = list(
        _purchase_lines(user)
        .order_by("-order__date_placed", "-pk")
        .values_list("product_id", "product__artist_id", "product__main_category_id", "product__medium")[
            :RECENT_PURCHASES
        ]
    )
    not_for_user = Product.objects.filter(Q(pk__in=_purchased_artwork_ids(user)) | Q(artist__user=user))
    rows, co_purchases = _related_candidates(user, bought, not_for_user)
    artists = {artist for _, artist, _, _ in bought if artist}
    categories = {category for _, _, category, _ in bought if category}
    mediums = {medium.casefold() for _, _, _, medium in bought if medium}

    def score(row) -> int:
        return (
            CO_PURCHASE_WEIGHT * co_purchases.get(row["pk"], 0)
            + SAME_ARTIST_WEIGHT * (row["artist_id"] in artists)
            + SAME_CATEGORY_WEIGHT * (row["main_category_id"] in categories)
            + SAME_MEDIUM_WEIGHT * (row["medium"].casefold() in mediums)
        )

    scored = sorted(
        (row for row in rows if score(row) > 0),
        key=lambda row: (score(row), row["date_created"], row["pk"]),
        reverse=True,
    )
    artwork_ids = [row["pk"] for row in scored[:limit]]
    if len(artwork_ids) < limit:
        exclude = Product.objects.filter(Q(pk__in=not_for_user.values("pk")) | Q(pk__in=artwork_ids)).values("pk")
        artwork_ids += popular_artwork_ids(limit - len(artwork_ids), exclude=exclude)
    return _artworks_in_order(artwork_ids)


def _related_candidates(user, bought: list, not_for_user: QuerySet) -> tuple[list[dict], dict[int, int]]:
    """The candidate rows for `recommended_for()` and each co-purchased artwork's number of shared orders."""
    if not bought:
        return [], {}
    bought_ids = [product_id for product_id, _, _, _ in bought]
    candidates = _available_artworks().exclude(pk__in=not_for_user.values("pk"))
    fields = ("pk", "artist_id", "main_category_id", "medium", "date_created")
    # Guest orders (no user) are other buyers too: exclude() keeps rows whose user is NULL.
    sharing = Order.objects.exclude(user=user).exclude(status=CANCELLED).filter(lines__product__in=bought_ids)
    co_purchases = dict(
        Line.objects.filter(order__in=sharing.values("pk"), product__isnull=False)
        .exclude(product__in=bought_ids)
        .values("product_id")
        .annotate(orders=Count("order", distinct=True))
        .order_by("-orders", "-product_id")
        .values_list("product_id", "orders")[:RELATED_CANDIDATES]
    )
    rows = {row["pk"]: row for row in candidates.filter(pk__in=list(co_purchases)).values(*fields)}
    artists = {artist for _, artist, _, _ in bought if artist}
    categories = {category for _, _, category, _ in bought if category}
    mediums = {medium.casefold(): medium for _, _, _, medium in bought if medium}
    traits = [
        Q(artist_id__in=sorted(artists)) if artists else None,
        Q(main_category_id__in=sorted(categories)) if categories else None,
        reduce(or_, (Q(medium__iexact=medium) for medium in mediums.values())) if mediums else None,
    ]
    for shares_trait in filter(None, traits):
        newest = candidates.filter(shares_trait).order_by(*NEWEST_FIRST)
        rows.update((row["pk"], row) for row in newest.values(*fields)[:RELATED_CANDIDATES])
    return list(rows.values()), co_purchases


def popular_artwork_ids(limit: int = 8, *, exclude: Iterable[int] | QuerySet = ()) -> list[int]:
    """The fallback ranking: artworks featured now, then those most ordered in the last 90 days, then the newest.

    Featured artworks (`shop.catalogue.discovery.featured`: a running listing, live, units left, so
    never a sold-out one) lead, newest first. "Most ordered" counts the orders (not cancelled)
    placed within the window that hold the artwork. `exclude` is ids, or a queryset of ids, never
    to return.

    Three bounded reads, never a pass over the catalogue: the featured artworks (from the few
    running listings), the window's order lines grouped by artwork (as many rows as were sold
    lately), then, if that is short, the newest available artworks through the listing index.
    """
    if not isinstance(exclude, QuerySet):
        exclude = list(exclude)
    featured = list(featured_artworks().exclude(pk__in=exclude).values_list("pk", flat=True)[:limit])
    if len(featured) >= limit:
        return featured
    return featured + _most_ordered_ids(limit - len(featured), exclude=exclude, featured=featured)


def _most_ordered_ids(limit: int, *, exclude: list[int] | QuerySet, featured: list[int]) -> list[int]:
    """The popular part of `popular_artwork_ids()`: never `exclude`d or already `featured` artworks."""
    if featured:
        exclude = Product.objects.filter(Q(pk__in=exclude) | Q(pk__in=featured)).values("pk")
    most_ordered = list(
        Line.objects.filter(
            order__date_placed__gte=timezone.now() - POPULAR_WINDOW,
            product__in=_available_artworks(),
        )
        .exclude(order__status=CANCELLED)
        .exclude(product__in=exclude)
        .values("product_id", "product__date_created")
        .annotate(orders=Count("order", distinct=True))
        .order_by("-orders", "-product__date_created", "-product_id")
        .values_list("product_id", flat=True)[:limit]
    )
    if len(most_ordered) < limit:
        newest = Product.objects.available().exclude(pk__in=exclude).exclude(pk__in=most_ordered)
        most_ordered += newest.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[: limit - len(most_ordered)]
    return most_ordered


def popular_artworks(limit: int = 8, *, exclude: Iterable[int] | QuerySet = ()) -> list[Product]:
    """What anyone is shown without a purchase history: `popular_artwork_ids()`, ready to list."""
    return _artworks_in_order(popular_artwork_ids(limit, exclude=exclude))


def similar_to(artwork: Product, limit: int = 4) -> list[Product]:
    """Live artworks with units left that look like `artwork`, most alike first; never `artwork` itself.

    Score = 4 for a shared category + 3 for the same artist + 2 for the same medium
    (case-insensitive) + 1 for the same kind (original or print). Artworks sharing nothing score 0
    and are left out; ties go to the newest artwork, then the highest id.

    It ranks within bounded candidates, never the whole catalogue: the newest
    `SIMILAR_CANDIDATES_PER_TRAIT` live artworks by its artist, and as many available ones in its
    main category and in its medium, any case (each a scan of a listing index that stops at its
    LIMIT), plus as many of the newest
    available artworks of the same kind when fewer than `limit` of those score; all are scored
    alike. An older artwork sharing one trait can lose its place to newer ones, and the cost stays
    a few small queries whatever the size of the catalogue.
    """
    return related_to(artwork, similar_limit=limit, more_limit=0).similar


@dataclass(frozen=True)
class RelatedArtworks:
    more_by_artist: list  # the artist's newest other live artworks, sold ones included
    similar: list  # `similar_to()`


def related_to(artwork: Product, *, similar_limit: int = 4, more_limit: int = 4) -> RelatedArtworks:
    """Both rows under an artwork's page from one pass over bounded candidates and ONE listing fetch."""
    ids = related_ids(artwork, similar_limit=similar_limit, more_limit=more_limit)
    wanted = list(dict.fromkeys(ids.similar + ids.more_by_artist))
    loaded = {artwork.pk: artwork for artwork in _artworks_in_order(wanted)}
    return RelatedArtworks(
        more_by_artist=[loaded[pk] for pk in ids.more_by_artist if pk in loaded],
        similar=[loaded[pk] for pk in ids.similar if pk in loaded],
    )


def related_ids(artwork: Product, *, similar_limit: int = 4, more_limit: int = 4) -> RelatedArtworks:
    """`related_to()` as artwork ids, cached under the catalogue version.

    An artwork's page is read far more often than the catalogue changes, and everything the rows
    depend on (stock, categories, artists, what is live) bumps the version, so the candidates are
    scored once per version; the page then shows the rows as cached cards.
    """
    key = f"related:{catalogue_version()}:{artwork.pk}:{similar_limit}:{more_limit}"
    found = cache.get(key)
    if found is None:
        found = _related_ids(artwork, similar_limit=similar_limit, more_limit=more_limit)
        cache.set(key, found, RELATED_SECONDS)
    return found


def _related_ids(artwork: Product, *, similar_limit: int, more_limit: int) -> RelatedArtworks:
    candidates = (
        Product.objects.live()
        .exclude(pk=artwork.pk)
        .annotate(
            shares_category=Exists(
                ProductCategory.objects.filter(
                    product=OuterRef("pk"),
                    category__in=ProductCategory.objects.filter(product=artwork.pk).values("category"),
                )
            )
        )
        .order_by(*NEWEST_FIRST)
        .values("pk", "artist_id", "medium", "is_original", "date_created", "shares_category", "units_left")
    )
    by_artist = list(candidates.filter(artist_id=artwork.artist_id)[:SIMILAR_CANDIDATES_PER_TRAIT])
    rows = {row["pk"]: row for row in by_artist if row["units_left"] > 0}
    available = candidates.filter(units_left__gt=0)
    for field, value in (("main_category_id", artwork.main_category_id), ("medium__iexact", artwork.medium)):
        if value:
            rows.update((row["pk"], row) for row in available.filter(**{field: value})[:SIMILAR_CANDIDATES_PER_TRAIT])

    def score(row) -> int:
        return (
            SIMILAR_CATEGORY_WEIGHT * row["shares_category"]
            + SIMILAR_ARTIST_WEIGHT * (artwork.artist_id is not None and row["artist_id"] == artwork.artist_id)
            + SIMILAR_MEDIUM_WEIGHT * bool(artwork.medium and row["medium"].casefold() == artwork.medium.casefold())
            + SIMILAR_KIND_WEIGHT * (row["is_original"] == artwork.is_original)
        )

    if similar_limit and sum(score(row) > 0 for row in rows.values()) < similar_limit:
        same_kind = available.filter(is_original=artwork.is_original).exclude(pk__in=list(rows))
        rows.update((row["pk"], row) for row in same_kind[:SIMILAR_CANDIDATES_PER_TRAIT])
    scored = [row for row in rows.values() if score(row) > 0]
    scored.sort(key=lambda row: (score(row), row["date_created"], row["pk"]), reverse=True)
    return RelatedArtworks(
        more_by_artist=[row["pk"] for row in by_artist[:more_limit]],
        similar=[row["pk"] for row in scored[:similar_limit]],
    )


def _purchase_lines(user) -> QuerySet:
    """The lines of the user's orders that were not cancelled and still have their artwork."""
    # No NULLs (lines whose product was deleted): `NOT IN (…, NULL)` would exclude every artwork.
    return Line.objects.filter(order__user=user, product__isnull=False).exclude(order__status=CANCELLED)


def _purchased_artwork_ids(user) -> QuerySet:
    """Ids of the artworks in the user's orders that were not cancelled, as a subquery."""
    return _purchase_lines(user).values("product_id")


def _available_artworks() -> QuerySet:
    """Live artworks a buyer can still order: units in stock beyond those promised to orders."""
    return Product.objects.available()  # live implies browsable (public, not a variant)


def _artworks_in_order(artwork_ids: list[int]) -> list[Product]:
    """ONE listing fetch of the chosen artworks, returned in the order they were ranked."""
    if not artwork_ids:
        return []
    by_id = {artwork.pk: artwork for artwork in Product.objects.live().filter(pk__in=artwork_ids).for_listing()}
    return [by_id[pk] for pk in artwork_ids if pk in by_id]
