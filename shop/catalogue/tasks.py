"""Background jobs for the catalogue (django-tasks): enqueue from a scheduler, or run the command."""

from django_tasks import task
from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backends

from .view_counts import flush_artwork_views

Product = get_model("catalogue", "Product")
REINDEX_BATCH = 500


@task()
def flush_artwork_views_task() -> dict:
    """Write the artwork page views counted in the cache to the analytics records."""
    return flush_artwork_views()


@task()
def reindex_artworks_of_artists_task(artist_ids: list[int]) -> int:
    """Rewrite the search documents of these artists' artworks, which hold the artist's name and city."""
    artworks = Product.get_indexed_objects().filter(artist_id__in=artist_ids).order_by("pk")
    backends = get_search_backends(with_auto_update=True)
    batch, done = [], 0
    for artwork in artworks.iterator(chunk_size=REINDEX_BATCH):
        batch.append(artwork)
        if len(batch) == REINDEX_BATCH:
            done += _index(backends, batch)
            batch = []
    return done + (_index(backends, batch) if batch else 0)


def _index(backends, artworks: list) -> int:
    for backend in backends:
        backend.add_bulk(Product, artworks)
    return len(artworks)
