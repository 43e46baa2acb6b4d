"""The home page and plain editorial pages (about, FAQ, fees)."""

from decimal import Decimal

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class HomePage(Page):
    """The front door: a hero, then artworks and artists pulled live from the catalogue."""

    hero_title = models.CharField(max_length=120, default="Art made near you")
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    max_count = 1


class CurrentFeesBlock(blocks.StructBlock):
    """The marketplace's fees as its settings say right now: the Fees page never states a number by hand.

    The template reads the values through Wagtail's settings context processor
    (`settings.marketplace.MarketplaceSettings`), so this layer does not import the shop; only the
    rate's percentage is worked out here, since templates cannot multiply.
    """

    heading = blocks.CharBlock(default="Current fees", max_length=80)

    class Meta:
        template = "home/blocks/current_fees.html"
        icon = "table"
        label = "Current fees (from the marketplace settings)"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        proxy = (parent_context or {}).get("settings")  # the context processor's, cached per request
        if proxy is not None:
            context["default_fee_percent"] = percent(proxy["marketplace"]["MarketplaceSettings"].default_fee_rate)
        return context


def percent(rate) -> str:
    """0.15 → "15", 0.125 → "12.5": a fraction as a percentage without trailing zeros."""
    return f"{(Decimal(rate) * 100).normalize():f}"


class StandardPage(Page):
    """About, FAQ, fees: words and pictures, edited by admins."""

    intro = models.TextField(blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageChooserBlock()),
            ("quote", blocks.BlockQuoteBlock()),
            ("current_fees", CurrentFeesBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
