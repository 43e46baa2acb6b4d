"""Settle payments from Stripe's record when webhooks were lost: run it from cron, or with --every as a worker."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from shop.payment.services import reconcile_payments


class Command(BaseCommand):
    help = (
        "Fetch pending PaymentIntents from Stripe and apply their final state (completing orders whose "
        "webhook never arrived), and refund charges whose order was cancelled."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.PAYMENT_RECONCILE_AFTER_MINUTES,
            help="only payments unchanged for this many minutes (default PAYMENT_RECONCILE_AFTER_MINUTES)",
        )
        parser.add_argument("--every", type=int, default=0, help="keep running, once every this many seconds")

    def handle(self, *args, older_than, every, **options):
        while True:
            outcomes = reconcile_payments(older_than=timedelta(minutes=older_than))
            self.stdout.write(
                "Reconciled payments: " + ", ".join(f"{name} {count}" for name, count in outcomes.items())
            )
            if not every:
                return
            time.sleep(every)
