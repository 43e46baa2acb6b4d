"""Background jobs for orders (django-tasks): the scheduler enqueues them (artiqo/settings/schedule.py)."""

from django_tasks import task

from .fulfilment import expire_unpaid_orders


@task()
def expire_unpaid_orders_task() -> list[str]:
    """Release the stock of orders unpaid past the hold time; returns their numbers (see `fulfilment`)."""
    return expire_unpaid_orders()
