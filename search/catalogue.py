"""What the catalogue pages add to the one artwork query (`shop.catalogue.discovery`): suggestions as you type."""

from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend

from shop.catalogue.discovery.ranking import autocomplete_artwork_ids, search_words

Product = get_model("catalogue", "Product")

# The query-string filters the site shows as "active" (and offers to clear).
FILTERS = (
    *("category", "artist", "city", "medium", "kind", "colour", "size"),
    *("min_price", "max_price", "max_width_cm", "max_height_cm", "in_stock"),
)


def suggestions(prefix: str, limit: int = 5) -> dict:
    """Autocomplete: live artworks whose title words start like `prefix`, and artists whose name does."""
    from artists.models import ArtistPage

    artwork_ids = autocomplete_artwork_ids(prefix, limit=limit)
    by_id = {artwork.pk: artwork for artwork in Product.objects.filter(pk__in=artwork_ids).select_related("artist")}
    ranked = [by_id[pk] for pk in artwork_ids if pk in by_id][:limit]
    # Words only: the backends splice terms into FTS5 / boolean-mode syntax unescaped.
    words = " ".join(search_words(prefix))
    live_pages = ArtistPage.objects.live().select_related("artist")
    found = get_search_backend().autocomplete(words, live_pages)[:20] if words else []
    pages = [page for page in found if page.artist_id and page.artist.is_approved][:limit]
    return {
        "artworks": [{"title": a.title, "url": a.get_absolute_url(), "artist": a.artist.display_name} for a in ranked],
        "artists": [{"name": p.title, "url": p.url, "city": p.artist.city} for p in pages],
    }
