"""Finding artists by name, city or story, through Wagtail search over their pages."""

from wagtail.search.backends import get_search_backend

from artists.models import ArtistPage


def matching_artist_pages(query: str, limit: int = 20) -> list:
    """Published pages of approved artists matching `query`, best first."""
    pages = ArtistPage.objects.live().select_related("artist", "portrait")
    hits = get_search_backend().search(query, pages, operator="or")[:100]
    return [page for page in hits if page.artist_id and page.artist.is_approved][:limit]
