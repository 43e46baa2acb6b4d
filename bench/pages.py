"""The pages the bench measures, on Artiqo and on the peer, paired so ratios compare like with like.

`key` pairs an Artiqo page with the peer's page of the same purpose; `listing` marks the list pages
that the "≤ 8 queries" target applies to. The product pages are resolved at run time (a live
artwork of the bench database, the peer's newest product), hence `None` here.
"""

from dataclasses import dataclass

SEARCH_WORD = "lighthouse"  # load.py puts it in ~10% of the bulk artworks (no demo artwork has it)


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str | None
    listing: bool = False
    http: bool = True  # False: in-process figures only (no wrk rounds)


ARTIQO = [
    Page("ceiling", "API root /api/v1/ (cheap page)", "/api/v1/"),
    Page("catalogue", "catalogue page 1", "/shop/", listing=True),
    Page("filtered", "catalogue, Bristol originals", "/shop/?city=Bristol&kind=original", listing=True),
    Page("search", f"search '{SEARCH_WORD}' (~10% hits)", f"/shop/search/?q={SEARCH_WORD}", listing=True),
    Page("product", "product page", None),
    Page("api", "API /api/v1/products/", "/api/v1/products/", listing=True),
    # load.py features FEATURED_COUNT artworks: the pages above put them first (or break search ties).
    Page("api_featured", "API products/?featured=true", "/api/v1/products/?featured=true", listing=True, http=False),
    Page("featured", "API /api/v1/featured/", "/api/v1/featured/", listing=True, http=False),
]
# Served by a second Artiqo gunicorn started with ANONYMOUS_PAGE_CACHE_SECONDS on.
ARTIQO_CACHED = [Page("catalogue_cached", "catalogue page 1, page cache on", "/shop/", listing=True)]

PEER = [
    Page("ceiling", "/hello/ (framework ceiling)", "/hello/"),
    Page("catalogue", "catalogue /catalogue/ (empty page)", "/catalogue/"),
    Page("search", "search /search/?q=vase", "/search/?q=vase"),
    Page("product", "product page", None),
]
