"""Background jobs for the catalogue (django-tasks): enqueue from a scheduler, or run the command."""

from django_tasks import task

from .view_counts import flush_artwork_views


@task()
def flush_artwork_views_task() -> dict:
    """Write the artwork page views counted in the cache to the analytics records."""
    return flush_artwork_views()
