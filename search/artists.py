"""Finding artists by name, city or story, through Wagtail search over their pages."""

import hashlib

from django.core.cache import cache
from wagtail.search.backends import get_search_backend

from artists.models import ArtistPage
from shop.catalogue.discovery.ranking import search_words
from shop.catalogue.listing import catalogue_version

CACHE_SECONDS = 60 * 60  # the version makes stale answers unreachable; this only frees memory


def matching_artist_pages(query: str, limit: int = 20) -> list:
    """Published pages of approved artists matching `query`, best first.

    Only words reach the backend, as for artworks: it splices terms into FTS5 / boolean-mode
    syntax unescaped. The matching page ids are cached under the catalogue version, which moves
    when a page is published, unpublished or deleted and when an artist's status changes, so a
    repeated search costs one query for the pages instead of a full-text search.
    """
    words = " ".join(search_words(query))
    if not words:
        return []
    key = f"artist-pages:{catalogue_version()}:{limit}:{hashlib.sha256(words.casefold().encode()).hexdigest()}"
    ids = cache.get(key)
    if ids is None:
        pages = ArtistPage.objects.live().select_related("artist")
        hits = get_search_backend().search(words, pages, operator="or")[:100]
        ids = [page.pk for page in hits if page.artist_id and page.artist.is_approved][:limit]
        cache.set(key, ids, CACHE_SECONDS)
    by_id = ArtistPage.objects.live().select_related("artist", "portrait").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id and by_id[pk].artist.is_approved]
