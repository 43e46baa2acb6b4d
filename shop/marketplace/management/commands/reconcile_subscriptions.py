"""Mirror artists' Stripe subscriptions when webhooks were lost: run it from cron, or with --every as a worker."""

import time

from django.core.management.base import BaseCommand

from shop.marketplace.subscription_sync import apply_period_ends, end_grace_periods, reconcile_subscriptions


class Command(BaseCommand):
    help = (
        "Re-fetch every artist's Stripe subscription and mirror it (plan, status, period, cancellation), record "
        "paid invoices never heard of, then apply period ends and end plans unpaid past the grace period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="keep running, once every this many seconds")

    def handle(self, *args, every, **options):
        while True:
            outcome = reconcile_subscriptions()
            outcome["period_ends"] = apply_period_ends()
            outcome["grace_ended"] = end_grace_periods()
            self.stdout.write("Reconciled subscriptions: " + ", ".join(f"{k} {v}" for k, v in outcome.items()))
            if not every:
                return
            time.sleep(every)
