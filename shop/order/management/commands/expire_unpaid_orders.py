"""Release the stock of orders left unpaid too long. Run it every few minutes (cron or a worker)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from shop.order.fulfilment import expire_unpaid_orders


class Command(BaseCommand):
    help = "Cancel orders unpaid for longer than ORDER_PAYMENT_HOLD_MINUTES and put their stock back on sale."

    def handle(self, *args, **options):
        numbers = expire_unpaid_orders()
        minutes = settings.ORDER_PAYMENT_HOLD_MINUTES
        self.stdout.write(
            f"Expired {len(numbers)} order(s) unpaid after {minutes} minutes: {', '.join(numbers) or '-'}"
        )
