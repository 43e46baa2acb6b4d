"""A task for the scheduler's tests to fire: it does nothing; what matters is that it was enqueued."""

from django_tasks import task


@task()
def tick() -> None:
    """Fired by a test schedule every second."""
