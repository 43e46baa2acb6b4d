"""The one artwork query: the site's catalogue and search, the API's `products/` and the studio's list.

`find_artworks(filters)` answers an `ArtworkFilters` question over live artworks: `count` and
`facets` come from one grouped query cached under the catalogue version (`facets.py`), and
`page()` reads one page of artworks through the listing indexes with LIMIT, or, when words are
searched, in the ranking's order (`ranking.py` takes the top hits by score in one pass). No query
grows with the size of the catalogue or of the page.

Featured artworks (`featured.py`) come first in the default order without words: their few ids,
read at request time, are put ahead of an ordinary newest-first page that leaves them out, with
offset and limit carried across the boundary, so pages never overlap or skip and the total counts
each artwork once. With words, a featured artwork goes first among hits of equal rank.
"""

import hashlib
from functools import cached_property

from django.core.cache import cache
from oscar.core.loading import get_model

from ..listing import catalogue_version
from .facets import CACHE_SECONDS, FacetSummary, summarise
from .featured import MAX_FEATURED, featured_ids, featured_now_ids, featured_token, is_featured_map, live_artworks
from .filters import FEATURED, ORDERINGS, RELEVANCE, ArtworkFilters
from .ranking import featured_first_among_equals, ranked_artwork_hits

Product = get_model("catalogue", "Product")


class ArtworkResults:
    """One catalogue question answered: the total, the facet counts, and any page of artworks.

    `artworks` narrows the catalogue (the studio passes an artist's own artworks, live or not);
    without it only live artworks are found.
    """

    def __init__(self, filters: ArtworkFilters, *, artworks=None):
        self.filters = filters
        self.live_only = artworks is None
        self.artworks = live_artworks(filters) if artworks is None else artworks

    @property
    def ordering(self) -> str:
        """The order in force; featuring leads only over the live catalogue (not an artist's own list)."""
        ordering = self.filters.ordering
        return "newest" if ordering == FEATURED and not self.live_only else ordering

    @cached_property
    def hits(self) -> list[tuple[int, tuple]] | None:
        """The searched words' matches with their ranks, best first (None when no words are searched).

        Over the live catalogue the ranking is cached under the catalogue version: people search
        for the same few words again and again, and the answer changes only with the catalogue.
        """
        if not self.filters.text:
            return None
        if not self.live_only:
            return ranked_artwork_hits(self.filters.text, live_only=False)
        return _cached("ranked-hits", self.filters.text.casefold(), lambda: ranked_artwork_hits(self.filters.text))

    @cached_property
    def hit_ids(self) -> list[int] | None:
        return None if self.hits is None else [pk for pk, _ in self.hits]

    @cached_property
    def ranked_ids(self) -> list[int]:
        """The hits that pass every other filter, best first, featured first among equals.

        The filtered hits are cached like the ranking; which of them are featured is asked now.
        """
        if not self.live_only:
            return [pk for pk, _ in self._ranked_subset()]
        if not self.filters.q():  # the ranking already keeps live artworks only
            ranked = self.hits
        else:
            question = self.filters.cache_key() + featured_token(self.filters)
            ranked = _cached("ranked-hits-filtered", question, self._ranked_subset)
        return featured_first_among_equals(ranked, self.featured_among)

    def _ranked_subset(self) -> list[tuple[int, tuple]]:
        matching = set(self.matching().values_list("pk", flat=True))
        return [hit for hit in self.hits if hit[0] in matching]

    @cached_property
    def featured_first(self) -> list[int]:
        """The featured artworks put first in the default order (at most MAX_FEATURED), else none."""
        return featured_ids(self.filters) if self.ordering == FEATURED else []

    @cached_property
    def featured_now(self) -> frozenset | None:
        """Every artwork featured now (cached, exact: `featured_now_ids()`), or None if more than MAX_FEATURED are."""
        return featured_now_ids()

    def featured_among(self, artwork_ids) -> set[int]:
        """Which of `artwork_ids` (a page, or tied hits) are featured now: at most one query per request.

        In the default order the page's own featured ids say it; otherwise the few artworks featured
        now are read once and reused for the tie-breaks, the API's flags and the cards' badges.
        """
        wanted = set(artwork_ids)
        if not wanted:
            return set()
        if self.ordering == FEATURED and len(self.featured_first) < MAX_FEATURED:
            return wanted & set(self.featured_first)  # every featured match is in it
        if self.featured_now is not None:
            return wanted & self.featured_now
        return is_featured_map(wanted)

    @cached_property
    def summary(self) -> FacetSummary:
        return summarise(self.filters, hit_ids=self.hit_ids)

    @property
    def count(self) -> int:
        if self.live_only:
            return self.summary.total
        return self.matching().count()

    @property
    def facets(self) -> dict:
        return self.summary.facets

    # A lazy sequence for Django's Paginator (and DRF's): its length is the cached total, and a
    # slice reads just that page.
    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice) -> list:
        return self.page(*self.offset_and_limit(window))

    def offset_and_limit(self, window: slice) -> tuple[int, int]:
        """A paginator's slice as (offset, limit); only slices are pages."""
        if not isinstance(window, slice):
            raise TypeError("Take pages of artworks with a slice.")
        start = window.start or 0
        stop = window.stop if window.stop is not None else self.count
        return start, max(stop - start, 0)

    def matching(self):
        """Every matching artwork, unordered (a queryset)."""
        artworks = self.artworks.filter(self.filters.q())
        if self.hit_ids is not None:
            artworks = artworks.filter(pk__in=self.hit_ids)
        return artworks

    def ordered(self):
        """Every matching artwork in a SQL order (relevance and featured-first read as newest here)."""
        return self.matching().order_by(*ORDERINGS.get(self.ordering, ORDERINGS["newest"]))

    def page(self, offset: int, limit: int) -> list:
        """Artworks `offset` to `offset + limit`, ready for cards (a fixed number of queries)."""
        if self.hit_ids == []:
            return []
        by_ids = self.hit_ids is not None and self.ordering == RELEVANCE
        if by_ids or self.featured_first:
            ids = self.page_ids(offset, limit)
            by_id = {artwork.pk: artwork for artwork in Product.objects.filter(pk__in=ids).for_listing()}
            return [by_id[pk] for pk in ids if pk in by_id]
        return list(self.ordered().for_listing()[offset : offset + limit])

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """The ids of `page(offset, limit)`: one query on the listing indexes, no artwork loaded.

        The site's list pages show cached cards (`{% artwork_cards %}`), so they need the ids
        only and load an artwork just for a card that is not cached yet.
        """
        if self.hit_ids == []:
            return []
        if self.hit_ids is not None and self.ordering == RELEVANCE:
            return self.ranked_ids[offset : offset + limit]  # at most MAX_SEARCH_HITS ids
        featured = self.featured_first
        if not featured:
            return list(self.ordered().values_list("pk", flat=True)[offset : offset + limit])
        # The featured ids are positions 0..len(featured)-1; the ordinary order (without them) follows.
        head = featured[offset : offset + limit]
        rest_limit = limit - len(head)
        if rest_limit <= 0 or (self.filters.featured and len(featured) < MAX_FEATURED):
            return head  # full, or nothing but featured artworks was asked for and all are in `featured`
        rest_offset = max(offset - len(featured), 0)
        rest = self.ordered().exclude(pk__in=featured).values_list("pk", flat=True)
        return head + list(rest[rest_offset : rest_offset + rest_limit])

    def ids(self) -> "ArtworkIds":
        """The same results as a lazy sequence of ids, for a paginator that feeds cached cards."""
        return ArtworkIds(self)


class ArtworkIds:
    """`ArtworkResults` seen as ids: `len()` is the cached total and a slice reads one page of ids."""

    def __init__(self, results: ArtworkResults):
        self.results = results

    def __len__(self) -> int:
        return self.results.count

    def __getitem__(self, window: slice) -> list[int]:
        return self.results.page_ids(*self.results.offset_and_limit(window))


def _cached(name: str, question: str, compute):
    """`compute()`, kept under the catalogue version (bumped by every change a listing shows)."""
    key = f"artworks:{name}:{catalogue_version()}:{hashlib.sha256(question.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def find_artworks(filters: ArtworkFilters, *, artworks=None) -> ArtworkResults:
    """Answer `filters` over the live catalogue (or over `artworks`, e.g. an artist's own)."""
    return ArtworkResults(filters, artworks=artworks)
