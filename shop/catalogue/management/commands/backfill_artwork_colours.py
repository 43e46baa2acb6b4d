"""Name the dominant colours of artwork pictures uploaded before colours were indexed (or all, with --all)."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from shop.catalogue.listing import catalogue_changed
from shop.catalogue.services import index_image_colours

ProductImage = get_model("catalogue", "ProductImage")
ArtworkColour = get_model("catalogue", "ArtworkColour")


class Command(BaseCommand):
    help = (
        "Index the dominant palette colours of artwork pictures that have none yet, in batches; "
        "safe to run again (it only redoes what --all asks for, and redoing gives the same rows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every picture, not only unindexed ones.")
        parser.add_argument("--batch-size", type=int, default=200, help="Pictures read per query (default 200).")

    def handle(self, *args, all: bool = False, batch_size: int = 200, **options):
        images = ProductImage.objects.order_by("pk").only("pk", "product_id", "original")
        if not all:
            images = images.exclude(Exists(ArtworkColour.objects.filter(image=OuterRef("pk"))))
        indexed = rows = without_colour = missing = 0
        last_pk = 0
        # Keyset batches: each query starts after the last picture seen, so none is read twice even
        # when a picture yields no colour and so still counts as "unindexed".
        while batch := list(images.filter(pk__gt=last_pk)[: max(batch_size, 1)]):
            last_pk = batch[-1].pk
            for image in batch:
                if not image.original or not image.original.storage.exists(image.original.name):
                    missing += 1
                    continue
                try:
                    written = index_image_colours(image=image)
                except OSError:  # vanished between the check and the read
                    missing += 1
                    continue
                indexed += 1
                rows += len(written)
                without_colour += not written
        if indexed:
            catalogue_changed()  # counts and facets under a colour filter are cached: make them stale
        self.stdout.write(
            f"Indexed {indexed} picture(s): {rows} colour row(s), {without_colour} with no dominant colour; "
            f"skipped {missing} with a missing file."
        )
