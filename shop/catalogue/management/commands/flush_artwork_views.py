"""Write the artwork page views counted in the cache to Oscar's analytics: run it from the scheduler."""

import time

from django.core.management.base import BaseCommand

from shop.catalogue.view_counts import flush_artwork_views


class Command(BaseCommand):
    help = "Add the artwork page views counted in the cache to ProductRecord.num_views (and users' view counts)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="keep running, once every this many seconds")

    def handle(self, *args, every, **options):
        while True:
            outcome = flush_artwork_views()
            self.stdout.write(
                "Flushed artwork views: " + ", ".join(f"{name} {value}" for name, value in outcome.items())
            )
            if not every:
                return
            time.sleep(every)
