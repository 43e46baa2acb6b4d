"""The artwork: Oscar's Product with the artist who made it and what it physically is."""

from django.db import models
from oscar.apps.catalogue.abstract_models import AbstractProduct
from wagtail.search import index

from .colours import COLOUR_CHOICES
from .managers import ArtworkQuerySet
from .missing_image import MissingArtworkImage


class Product(index.Indexed, AbstractProduct):
    """An artwork. Price and stock live in its single StockRecord at the artist's partner."""

    artist = models.ForeignKey(
        "artists.Artist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="artworks",
        help_text="Who made it; owns the stock record through the artist's partner.",
    )
    medium = models.CharField(max_length=100, blank=True, db_index=True, help_text="e.g. Oil on canvas")
    width_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    depth_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_original = models.BooleanField(default=True, help_text="An original is unique; a print has an edition.")
    edition_size = models.PositiveIntegerField(null=True, blank=True, help_text="Prints only: copies in the edition.")

    commission = models.OneToOneField(
        "artists.CommissionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="artwork",
        help_text="A one-off made for one buyer: never live, seen and bought by that buyer only.",
    )
    hidden_reason = models.TextField(
        blank=True, help_text="Set by a moderator who hid this artwork; the artist sees it in the studio."
    )

    # What a listing reads, copied from the rows that own it (stock record, artist, category) by
    # `shop.catalogue.listing.refresh_listing()` in the same transaction as every change, so a list
    # page reads indexed columns with LIMIT instead of joining and aggregating the catalogue.
    # `manage.py check_listings` finds and repairs drift.
    is_live = models.BooleanField(
        default=False, editable=False, help_text="Copied: public, not hidden, by an approved artist."
    )
    listing_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    units_left = models.IntegerField(default=0, editable=False, help_text="Copied: in stock minus promised.")
    main_category = models.ForeignKey(
        "catalogue.Category", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = ArtworkQuerySet.as_manager()

    # Wagtail search (the database backend: SQLite FTS5 / MariaDB FULLTEXT). The index holds text
    # only; who may see an artwork is decided by `live()` in the database at query time, so a
    # suspension or a hide takes effect without touching the index.
    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("medium", boost=2),
        index.RelatedFields("artist", [index.SearchField("display_name", boost=3), index.SearchField("city")]),
        index.RelatedFields("categories", [index.SearchField("name", boost=2)]),
        index.FilterField("is_public"),
    ]

    class Meta(AbstractProduct.Meta):
        # One index per way the catalogue lists: live rows in the order shown, so a page is a range
        # scan that stops after LIMIT rows (the primary key breaks ties inside every index).
        indexes = [
            models.Index(fields=["is_live", "date_created"], name="artwork_live_newest"),
            models.Index(fields=["is_live", "listing_price"], name="artwork_live_price"),
            models.Index(fields=["is_live", "title"], name="artwork_live_title"),
            models.Index(fields=["is_live", "artist", "date_created"], name="artwork_live_artist"),
            models.Index(fields=["is_live", "main_category", "date_created"], name="artwork_live_category"),
            models.Index(fields=["is_live", "medium", "date_created"], name="artwork_live_medium"),
        ]

    @property
    def size_display(self) -> str:
        dims = [d for d in (self.width_cm, self.height_cm, self.depth_cm) if d]
        return " × ".join(f"{d.normalize():f}" for d in dims) + " cm" if dims else ""

    @property
    def edition_display(self) -> str:
        if self.is_original:
            return "Original"
        return f"Print, edition of {self.edition_size}" if self.edition_size else "Print"

    def get_missing_image(self):
        """The placeholder picture, stored through the media storage (Oscar's symlink knows local disk only)."""
        return MissingArtworkImage()


class ArtworkColour(models.Model):
    """A palette colour covering a real part of one of an artwork's pictures (`shop.catalogue.colours`).

    Written by the image pipeline (`add_artwork_image`) and `manage.py backfill_artwork_colours`;
    read by the catalogue's colour filter as "does any picture of this artwork have it", which the
    (name, artwork) index answers without touching the artwork table.
    """

    artwork = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="colours")
    image = models.ForeignKey(
        "catalogue.ProductImage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=16, choices=COLOUR_CHOICES)
    share = models.DecimalField(max_digits=4, decimal_places=3, help_text="How much of the picture: 0.120 to 1.000.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["image", "name"], name="artwork_colour_once_per_image")]
        indexes = [models.Index(fields=["name", "artwork"], name="artwork_colour_name")]

    def __str__(self):
        return f"{self.name} {self.share}"


from oscar.apps.catalogue.models import *  # noqa: E402, F403  (Oscar's fork pattern: the rest of the app)
