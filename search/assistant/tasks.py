"""The assistant's background job (django-tasks): the scheduler enqueues it daily (artiqo/settings/schedule.py)."""

from django_tasks import task

from .service import purge_old_conversations


@task()
def purge_old_conversations_task() -> int:
    """Delete conversations untouched for ASSISTANT_RETENTION_DAYS; returns how many went."""
    return purge_old_conversations()
