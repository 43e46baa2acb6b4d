"""Artists: the domain record (who may sell) and their Wagtail story pages."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index


class ArtistQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Artist.Status.APPROVED)

    def in_city(self, city: str):
        return self.filter(city__iexact=city.strip())

    def update(self, **kwargs):
        """A bulk update, announced (it sends no post_save) so copies of artist fields stay true."""
        from .signals import artists_updated

        artist_ids = list(self.values_list("pk", flat=True))
        updated = super().update(**kwargs)
        artists_updated.send(sender=Artist, artist_ids=artist_ids, fields=sorted(kwargs))
        return updated


class Artist(models.Model):
    """A person who sells on Artiqo. Only approved artists sell; suspension hides, never deletes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending approval"
        APPROVED = "approved", "Approved"
        SUSPENDED = "suspended", "Suspended"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="artist")
    display_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    city = models.CharField(max_length=100, db_index=True)
    region = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    # Commissions: whether buyers may ask for a piece of their own, what to expect, and how many
    # requests may be open at once (empty: no limit).
    open_for_commissions = models.BooleanField(default=False, db_index=True)
    commission_note = models.CharField(max_length=300, blank=True, help_text='e.g. "Portraits from photos, 6–8 weeks"')
    max_open_commissions = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ArtistQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class StoryBlock(blocks.StreamBlock):
    """What an artist may put in their story: words, pictures, quotes and links to videos (no embeds)."""

    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h2", "h3"])
    image = blocks.StructBlock(
        [("image", ImageChooserBlock()), ("caption", blocks.CharBlock(required=False, max_length=200))],
        icon="image",
    )
    quote = blocks.BlockQuoteBlock()
    video_link = blocks.StructBlock(
        [("url", blocks.URLBlock()), ("title", blocks.CharBlock(required=False, max_length=120))],
        icon="media",
    )


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


ARTWORKS_ON_PAGE = 24


class ArtistIndexPage(Page):
    """The artist directory at /artists/: approved artists with a published page."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["artists.ArtistPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = (
            ArtistPage.objects.child_of(self)
            .live()
            .filter(artist__status=Artist.Status.APPROVED)
            .select_related("artist", "portrait")
            .order_by("title")
        )
        # Offer only cities that have someone to show, once each whatever the spelling's case.
        cities = {}
        for city in pages.values_list("artist__city", flat=True):
            cities.setdefault(city.casefold(), city)
        city = request.GET.get("city", "").strip()
        if city:
            pages = pages.filter(artist__city__iexact=city)
        query = request.GET.get("q", "").strip()
        if query:
            pages = pages.filter(artist__display_name__icontains=query)
        commissions_open = request.GET.get("commissions") == "open"
        if commissions_open:
            pages = pages.filter(artist__open_for_commissions=True)
        context.update(
            artist_pages=pages,
            cities=sorted(cities.values(), key=str.casefold),
            selected_city=city,
            query=query,
            commissions_open=commissions_open,
        )
        return context


class ArtistPage(Page):
    """An artist's public story, edited by the artist and published by an admin."""

    artist = models.OneToOneField(Artist, on_delete=models.PROTECT, null=True, blank=True, related_name="page")
    portrait = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    intro = models.CharField(max_length=300, blank=True)
    story = StreamField(StoryBlock(), blank=True)
    location = models.CharField(max_length=120, blank=True)
    links = StreamField([("link", LinkBlock())], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("portrait"),
        FieldPanel("intro"),
        FieldPanel("story"),
        FieldPanel("location"),
        FieldPanel("links"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("story"),
        index.SearchField("location"),
        index.RelatedFields("artist", [index.SearchField("display_name"), index.SearchField("city")]),
    ]
    parent_page_types = ["artists.ArtistIndexPage"]
    subpage_types = []

    def serve(self, request, *args, **kwargs):
        # A suspended (or not yet approved) artist's page stays published but is not shown;
        # approving them again brings it back exactly as it was.
        if not (self.artist_id and self.artist.is_approved):
            raise Http404("This artist is not available.")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.artist_id:
            # Reached through the reverse relation: artists sit below shop and never import it.
            # The newest few; the whole body of work is a catalogue page filtered by this artist.
            live = self.artist.artworks.live()
            context["artworks"] = list(live.for_listing().order_by("-date_created", "-pk")[:ARTWORKS_ON_PAGE])
            context["artwork_count"] = (
                len(context["artworks"]) if len(context["artworks"]) < ARTWORKS_ON_PAGE else live.count()
            )
        return context


from .commissions.models import (  # noqa: E402, F401  (the app's models module must load them)
    CommissionMessage,
    CommissionQuote,
    CommissionReference,
    CommissionRequest,
)
