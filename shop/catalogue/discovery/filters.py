"""What a buyer can ask of the catalogue, defined once for the site, the API and the studio.

`ArtworkFilters` is the validated request (each entry point translates its own input into it: the
site's BrowseForm, the API's query serializer, the studio's filter form). It renders itself two
ways from one definition per filter: as SQL (`q()`) over the artwork's indexed listing columns, and
as a Python test (`matches()`) over the facet dimensions, which is how facet counts under "every
other filter" come out of one grouped query.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Q
from oscar.core.loading import get_model

from artists.models import Artist

from ..colours import MIN_SHARE
from .featured import featured_now_q

Category = get_model("catalogue", "Category")
ArtworkColour = get_model("catalogue", "ArtworkColour")

ORIGINAL, PRINT = "original", "print"

# Each ends on the primary key so pages never overlap or skip when values tie, and each matches an
# index on (is_live, column): a page is a range scan that stops after LIMIT rows.
ORDERINGS = {
    "newest": (F("date_created").desc(), F("pk").desc()),
    "price": (F("listing_price").asc(), F("pk").asc()),
    "-price": (F("listing_price").desc(), F("pk").desc()),
    "title": (F("title").asc(), F("pk").asc()),
}
RELEVANCE = "relevance"  # only with words to search for: the ranking's own order
# The default without words: artworks featured now first (a few, read apart: featured.py), then
# newest. Never a sort over the catalogue: the query puts the featured ids before an ordinary
# "newest" page that leaves them out (query.py). With words, featuring breaks ties in relevance.
FEATURED = "featured"
SORTS = (RELEVANCE, FEATURED, *ORDERINGS)

FACETS = ("category", "artist", "city", "medium", "kind")


class Size(NamedTuple):
    """A size by the artwork's longest side in cm: above `above` (if set), at most `at_most` (if set)."""

    label: str
    bounds: str
    above: Decimal | None
    at_most: Decimal | None


# An artwork without both width and height has no size, so it matches none (and no "fits" limit).
SIZES = {
    "small": Size("Small", "up to 40 cm", None, Decimal(40)),
    "medium": Size("Medium", "40 to 90 cm", Decimal(40), Decimal(90)),
    "large": Size("Large", "over 90 cm", Decimal(90), None),
}
MAX_DIMENSION_CM = Decimal(10_000)  # a "fits" limit beyond 100 m is garbage, not a wall


@dataclass(frozen=True)
class ArtworkFilters:
    """One catalogue question. Empty fields ask nothing."""

    text: str = ""
    categories: tuple = ()  # Category rows; each brings its subcategories
    artist_id: int | None = None
    city: str = ""
    medium: str = ""
    kind: str = ""  # ORIGINAL, PRINT or ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    available_only: bool = False
    featured: bool | None = None  # True: only artworks featured now; False: none of them; None: either
    colour: str = ""  # a PALETTE name (shop.catalogue.colours): any picture of the artwork shows it
    size: str = ""  # one of SIZES, by the longest side
    max_width_cm: Decimal | None = None  # "fits 50 cm": at most this wide
    max_height_cm: Decimal | None = None
    sort: str = ""  # one of SORTS; "" = relevance when searching, else featured first then newest
    within: object = None  # a Category the whole question is confined to (a category page), or None
    category_ids: frozenset = field(default=frozenset(), compare=False)
    within_ids: frozenset = field(default=frozenset(), compare=False)

    def __post_init__(self):
        if self.categories and not self.category_ids:
            object.__setattr__(self, "category_ids", _subtree_ids(self.categories))
        if self.within is not None and not self.within_ids:
            object.__setattr__(self, "within_ids", _subtree_ids([self.within]))

    @property
    def ordering(self) -> str:
        if self.sort in SORTS and (self.sort != RELEVANCE or self.text) and (self.sort != FEATURED or not self.text):
            return self.sort
        return RELEVANCE if self.text else FEATURED

    def without(self, facet: str) -> "ArtworkFilters":
        """The same question with one facet's filter dropped (facet counts ignore their own filter)."""
        cleared = {
            "category": {"categories": (), "category_ids": frozenset()},
            "artist": {"artist_id": None},
            "city": {"city": ""},
            "medium": {"medium": ""},
            "kind": {"kind": ""},
        }[facet]
        return replace(self, **cleared)

    def cache_key(self) -> str:
        """The question without its order: what counts and facets depend on."""
        parts = (
            self.text.casefold(),
            ",".join(str(pk) for pk in sorted(self.within_ids)),
            ",".join(str(pk) for pk in sorted(self.category_ids)),
            self.artist_id,
            self.city.casefold(),
            self.medium.casefold(),
            self.kind,
            self.min_price,
            self.max_price,
            self.available_only,
            self.featured,
            self.colour,
            self.size,
            self.max_width_cm,
            self.max_height_cm,
        )
        return "|".join("" if part is None else str(part) for part in parts)

    # --- SQL -------------------------------------------------------------------------------------

    def q(self) -> Q:
        """Every filter as SQL over the artwork row (the text search is applied by the query)."""
        return self.facet_q() & self.measure_q()

    def facet_q(self, *, skip: str | None = None) -> Q:
        condition = Q()
        if self.category_ids and skip != "category":
            condition &= Q(main_category__in=sorted(self.category_ids))
        if self.artist_id and skip != "artist":
            condition &= Q(artist_id=self.artist_id)
        if self.city and skip != "city":
            condition &= Q(artist__in=Artist.objects.in_city(self.city).values("pk"))
        if self.medium and skip != "medium":
            condition &= Q(medium__iexact=self.medium)
        if self.kind and skip != "kind":
            condition &= Q(is_original=self.kind == ORIGINAL)
        return condition

    def measure_q(self) -> Q:
        """The filters that are not facets: they narrow every facet count alike."""
        condition = Q()
        if self.within_ids:
            condition &= Q(main_category__in=sorted(self.within_ids))
        if self.min_price is not None:
            condition &= Q(listing_price__gte=self.min_price)
        if self.max_price is not None:
            condition &= Q(listing_price__lte=self.max_price)
        if self.available_only:
            condition &= Q(units_left__gt=0)
        if self.featured is not None:
            condition &= featured_now_q() if self.featured else ~featured_now_q()
        if self.colour:
            # A semi-join on the (name, artwork) index: no join fan-out, however many pictures match.
            shown = ArtworkColour.objects.filter(artwork=OuterRef("pk"), name=self.colour, share__gte=MIN_SHARE)
            condition &= Q(Exists(shown))
        if self.size in SIZES:
            condition &= size_q(self.size)
        if self.max_width_cm is not None:
            condition &= Q(width_cm__lte=self.max_width_cm)
        if self.max_height_cm is not None:
            condition &= Q(height_cm__lte=self.max_height_cm)
        return condition

    # --- Python, over facet dimensions ---------------------------------------------------------

    def matches(self, dims: "FacetDims", city_of: dict, *, skip: str | None = None) -> bool:
        """The same facet filters as `facet_q()`, for one group of artworks sharing `dims`."""
        if self.category_ids and skip != "category" and dims.category_id not in self.category_ids:
            return False
        if self.artist_id and skip != "artist" and dims.artist_id != self.artist_id:
            return False
        if self.city and skip != "city" and city_of.get(dims.artist_id, "").casefold() != self.city.casefold():
            return False
        if self.medium and skip != "medium" and dims.medium.casefold() != self.medium.casefold():
            return False
        if self.kind and skip != "kind" and dims.is_original != (self.kind == ORIGINAL):
            return False
        return True


@dataclass(frozen=True)
class FacetDims:
    """What a group of artworks has in common for the facets, with how many there are."""

    category_id: int | None
    artist_id: int | None
    medium: str
    is_original: bool
    count: int


def size_q(size: str) -> Q:
    """Artworks whose longest side (of width and height, both known) falls in the size's bounds."""
    above, at_most = SIZES[size].above, SIZES[size].at_most
    condition = Q(width_cm__isnull=False, height_cm__isnull=False)
    if at_most is not None:
        condition &= Q(width_cm__lte=at_most, height_cm__lte=at_most)
    if above is not None:
        condition &= Q(width_cm__gt=above) | Q(height_cm__gt=above)
    return condition


def _subtree_ids(categories) -> frozenset:
    """The categories and everything under them (treebeard paths: one range query each)."""
    ids = set()
    for category in categories:
        ids.update(Category.get_tree(category).values_list("pk", flat=True))
    return frozenset(ids)


def categories_by_id_or_slug(value: str) -> list:
    """Public categories whose id or slug is `value` (an API client may send either)."""
    is_id = value.isascii() and value.isdigit() and len(value) <= 18  # beyond that no row has it
    by_id_or_slug = Q(pk=int(value)) | Q(slug=value) if is_id else Q(slug=value)
    return list(Category.objects.browsable().filter(by_id_or_slug).only("pk", "path", "depth", "numchild"))
