"""Background jobs for the marketplace (django-tasks), fired by the scheduler (artiqo/settings/schedule.py)."""

from django_tasks import task

# --- artist plans (the plans helper's block: keep it first) ------------------------------------


@task()
def reconcile_subscriptions_task() -> dict:
    """Mirror every Stripe subscription and record paid invoices whose webhook never came."""
    from .subscription_sync import reconcile_subscriptions

    return reconcile_subscriptions()


@task()
def subscriptions_sweep_task() -> dict:
    """Apply downgrades and cancellations whose period has ended; end overdue subscriptions after the grace."""
    from .subscription_sync import apply_period_ends, end_grace_periods

    return {"period_ends": apply_period_ends(), "grace_ended": end_grace_periods()}


# --- featured listings (the featuring helper's block: keep it last) ---------------------------


@task()
def featuring_sweep_task() -> dict:
    """End expired featured listings and settle featuring fees whose webhook never came."""
    from .featuring_payments import featuring_sweep

    return featuring_sweep()
