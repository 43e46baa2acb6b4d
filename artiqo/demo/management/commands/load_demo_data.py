"""Load the demo marketplace: accounts, artists and their pages, categories, artworks with images."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from artiqo.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create the demo marketplace (idempotent). Refuses production settings unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even under production settings.")

    def handle(self, *args, force=False, **options):
        if settings.ARTIQO_ENVIRONMENT == "production" and not force:
            raise CommandError("Refusing to load demo data with production settings; pass --force to insist.")
        verbose = options["verbosity"] > 1
        result = DemoLoader(log=self.stdout.write if verbose else lambda message: None).run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['artworks']} demo artworks ({result['artworks_created']} new). "
                "Accounts: admin, maya, theo, ben, clara (password artiqo-demo)."
            )
        )
