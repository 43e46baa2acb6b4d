"""Background jobs for commissions (django-tasks): the scheduler enqueues them (artiqo/settings/schedule.py)."""

from django_tasks import task

from .services import expire_quotes


@task()
def expire_quotes_task() -> list[int]:
    """Expire commissions whose quote went unanswered past COMMISSION_QUOTE_DAYS; returns their ids."""
    return expire_quotes()
