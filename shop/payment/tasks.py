"""Background jobs for payments (django-tasks): enqueue from a scheduler, or run `reconcile_payments`."""

from django_tasks import task

from .services import reconcile_payments


@task()
def reconcile_payments_task() -> dict:
    """Settle payments whose webhooks never came; see `services.reconcile_payments`."""
    return reconcile_payments()
