"""Load the demo marketplace: accounts, artists and their pages, categories, artworks with images, and
six months of orders (paid through the fake Stripe, shipped, delivered, a few cancelled), with fees booked.

The demo accounts share one published password, so production settings refuse it unless the
operator says `--allow-production` (a staging copy such as `make serve`, never a real shop).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from artiqo.demo.history import HistoryRefused, history_missing
from artiqo.demo.loader import DemoLoader
from artiqo.demo.plans import subscriptions_missing
from shop.payment import gateway

Product = get_model("catalogue", "Product")
DEMO_UPC_PREFIX = "DEMO-"  # every demo artwork's UPC starts with it (content.artwork_upc)


class Command(BaseCommand):
    help = (
        "Create the demo marketplace and its order history (idempotent). Refuses production settings unless "
        "--allow-production: its accounts share a published password."
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
            help="Do nothing when demo artworks (and, unless --no-history, the history) are already there.",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="Leave out the six months of orders (they need the fake Stripe, localstripe, to be answering).",
        )

    def handle(self, *args, allow_production=False, skip_if_loaded=False, no_history=False, **options):
        if settings.ARTIQO_ENVIRONMENT == "production" and not allow_production:
            raise CommandError(
                "Refusing to load demo data with production settings: its accounts share a published password. "
                "Pass --allow-production for a staging copy."
            )
        loaded = Product.objects.filter(upc__startswith=DEMO_UPC_PREFIX).exists()
        if skip_if_loaded and loaded and (no_history or not (history_missing() or subscriptions_missing())):
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        verbose = options["verbosity"] > 1
        try:
            result = DemoLoader(
                log=self.stdout.write if verbose else lambda message: None, history=not no_history
            ).run()
        except HistoryRefused as error:
            raise CommandError(str(error)) from error
        except gateway.GatewayError as error:
            raise CommandError(
                f"The demo history could not pay its orders: {error}. It pays through the fake Stripe at "
                f"{settings.STRIPE_API_BASE or '(none: STRIPE_API_BASE is unset)'}; start localstripe "
                "(`make run` does) or pass --no-history. Loading again resumes where it stopped."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['artworks']} demo artworks ({result['artworks_created']} new). "
                "Accounts: admin, maya, theo, ben, clara (password artiqo-demo)."
            )
        )
        plans = result.get("plans")
        if plans is not None:
            self.stdout.write(
                "Demo plans: Starter, Studio, Gallery; subscribed now: "
                f"{', '.join(plans['subscribed']) or 'nobody new'}; "
                f"{plans['featured']} artwork(s) newly featured."
            )
        history = result.get("history")
        if history is None:
            return
        if history["skipped"]:
            self.stdout.write("Demo history left out: no fake Stripe (STRIPE_API_BASE) to pay its orders with.")
        else:
            self.stdout.write(
                f"Demo history: {history['orders']} orders over six months ({history['orders_created']} new), "
                f"written in {history['seconds']:.1f} s."
            )
