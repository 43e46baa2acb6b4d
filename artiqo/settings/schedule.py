"""The periodic jobs, declared in one place, and how the one scheduler that fires them holds its lock.

`manage.py run_scheduler` (artiqo/ops/scheduler.py) reads this list. Each entry names a django-tasks
task by dotted path (so the scheduler imports no app), when it fires ("cron": a crontab line in
TIME_ZONE, or "every": a timedelta) and why it exists. A firing only enqueues the task; the workers
(`manage.py db_worker`) run it. A job that misses its time (the scheduler stalled or was being
replaced) fires once when it can, not once per missed slot: every job here is a sweep that catches up
by itself, so running it late is enough.
"""

from datetime import timedelta

PERIODIC_TASKS = [
    {
        "task": "shop.order.tasks.expire_unpaid_orders_task",
        "cron": "*/5 * * * *",
        "why": "An unpaid order holds its artworks for ORDER_PAYMENT_HOLD_MINUTES; then they go back on sale.",
    },
    {
        "task": "shop.payment.tasks.reconcile_payments_task",
        "cron": "2-59/5 * * * *",  # offset from the expiry sweep: a late payment is settled before its order expires
        "why": "Settle payments whose Stripe webhook never arrived, from Stripe's own record of the intent.",
    },
    {
        "task": "shop.catalogue.tasks.flush_artwork_views_task",
        "every": timedelta(minutes=10),
        "why": "Artwork page views are tallied in the cache; write them to Oscar's analytics for the dashboard.",
    },
    {
        "task": "shop.marketplace.tasks.featuring_sweep_task",
        # Every minute: reads already drop an expired listing by the clock, but whole anonymous pages
        # are cached until the catalogue version moves, and ending a listing is what moves it.
        "every": timedelta(minutes=1),
        "why": "End featured listings past their end (so cached pages drop them); settle unheard featuring fees.",
    },
    {
        "task": "shop.marketplace.tasks.subscriptions_sweep_task",
        "cron": "7-59/15 * * * *",
        "why": "Apply plan downgrades and cancellations whose period ended; end plans unpaid past the grace period.",
    },
    {
        "task": "shop.marketplace.tasks.reconcile_subscriptions_task",
        "cron": "37 * * * *",
        "why": "Mirror each artist's Stripe subscription and record paid invoices whose webhook never arrived.",
    },
    # --- commissions (issue 16) ---
    {
        "task": "artists.commissions.tasks.expire_quotes_task",
        "cron": "23 * * * *",  # hourly: a quote lasts COMMISSION_QUOTE_DAYS, so an hour late is still fair
        "why": "Close commissions whose quote went unanswered for COMMISSION_QUOTE_DAYS, and tell both sides.",
    },
    # --- art assistant (issue 18) ---
    {
        "task": "search.assistant.tasks.purge_old_conversations_task",
        "cron": "41 3 * * *",  # daily, at a quiet hour
        "why": "Delete assistant conversations untouched for ASSISTANT_RETENTION_DAYS: a chat is not a record.",
    },
]

# Only one scheduler fires at a time: it holds this Redis lock, renews it every SCHEDULER_HEARTBEAT_SECONDS,
# and a scheduler that dies lets it expire after SCHEDULER_LOCK_SECONDS, when a waiting one takes over.
SCHEDULER_LOCK_SECONDS = 30
SCHEDULER_HEARTBEAT_SECONDS = 10
# Where the lock lives; None means the Redis of the default cache (CACHE_URL).
SCHEDULER_REDIS_URL = None
# /readyz warns (without failing) when the oldest task ready to run has waited longer: no worker is running.
TASK_QUEUE_MAX_WAIT_MINUTES = 10
