"""Load the demo marketplace: accounts, artists and their pages, categories, artworks with images.

The demo accounts share one published password, so production settings refuse it unless the
operator says `--allow-production` (a staging copy such as `make serve`, never a real shop).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from artiqo.demo.loader import DemoLoader

Product = get_model("catalogue", "Product")
DEMO_UPC_PREFIX = "DEMO-"  # every demo artwork's UPC starts with it (DemoLoader.artworks)


class Command(BaseCommand):
    help = (
        "Create the demo marketplace (idempotent). Refuses production settings unless --allow-production: "
        "its accounts share a published password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load it even under production settings (a staging copy; demo accounts have a known password).",
        )
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="Do nothing when demo artworks are already there (a quick second start).",
        )

    def handle(self, *args, allow_production=False, skip_if_loaded=False, **options):
        if settings.ARTIQO_ENVIRONMENT == "production" and not allow_production:
            raise CommandError(
                "Refusing to load demo data with production settings: its accounts share a published password. "
                "Pass --allow-production for a staging copy."
            )
        if skip_if_loaded and Product.objects.filter(upc__startswith=DEMO_UPC_PREFIX).exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        verbose = options["verbosity"] > 1
        result = DemoLoader(log=self.stdout.write if verbose else lambda message: None).run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['artworks']} demo artworks ({result['artworks_created']} new). "
                "Accounts: admin, maya, theo, ben, clara (password artiqo-demo)."
            )
        )
