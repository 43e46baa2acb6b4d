"""Finding artists by name, city or story, through Wagtail search over their pages."""

from wagtail.search.backends import get_search_backend

from artists.models import ArtistPage
from shop.catalogue.discovery.ranking import search_words


def matching_artist_pages(query: str, limit: int = 20) -> list:
    """Published pages of approved artists matching `query`, best first."""
    # Words only, as for artworks: the backends splice terms into FTS5 / boolean-mode syntax unescaped.
    words = search_words(query)
    if not words:
        return []
    pages = ArtistPage.objects.live().select_related("artist", "portrait")
    hits = get_search_backend().search(" ".join(words), pages, operator="or")[:100]
    return [page for page in hits if page.artist_id and page.artist.is_approved][:limit]
