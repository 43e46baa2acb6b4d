"""Find artworks whose copied listing columns drifted from their stock record, artist or category; repair them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shop.catalogue.listing import drifted_artworks, refresh_listing

SHOWN = 20


class Command(BaseCommand):
    help = "Compare each artwork's listing columns with the rows they are copied from; --repair recomputes them."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Recompute the drifted artworks' columns.")

    def handle(self, *args, repair: bool = False, **options):
        drifted = list(drifted_artworks().values_list("pk", flat=True))
        if not drifted:
            self.stdout.write(self.style.SUCCESS("Every artwork's listing columns match their sources."))
            return
        shown = ", ".join(str(pk) for pk in drifted[:SHOWN]) + (" …" if len(drifted) > SHOWN else "")
        self.stdout.write(f"{len(drifted)} artwork(s) drifted: {shown}")
        if not repair:
            raise CommandError("Listing columns drifted; run again with --repair to recompute them.")
        with transaction.atomic():
            refresh_listing(drifted_artworks().model.objects.filter(pk__in=drifted))
        left = drifted_artworks().count()
        if left:
            raise CommandError(f"{left} artwork(s) still drift after the repair.")
        self.stdout.write(self.style.SUCCESS(f"Repaired {len(drifted)} artwork(s)."))
