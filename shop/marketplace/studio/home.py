"""The artist's studio home: what an approved artist wants to see first every morning on /cms/.

Wagtail's home view asks the `construct_homepage_panels` hooks for its panels; for an artist who
sells (`artists.selling.selling_artist`, the answer every studio section gives) ours come first:
this month's money with a 90-day chart, the orders waiting to be shipped, the commission requests
waiting for an answer, listings against the plan's limit with the featured credits left, and the
story page's moderation state. Staff never get these panels, even with an artist profile; pending
and suspended artists are not in the studio group, and one left in it sees no artist panels.

Every number is `figures.artist_figures`, read once per request and shared by the panels, so the
home agrees with Earnings, Orders and Plan & billing, and costs the same queries whatever the size
of the artist's history. The chart's data goes into the page with `json_script` and is drawn by a
static, deferred script (Wagtail writes media before the page's content; the admin's CSP is meant
to lose inline scripts), with the same numbers in a table for anyone the canvas does not serve.
"""

from django.forms import Media
from django.forms.widgets import Script
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from artists.models import ArtistPage

from ..figures import artist_figures

# Wagtail's own home panels an artist has no use for: they review nobody's pages, and "your most
# recent edits" is only ever their story page, which the story panel shows with its state.
PANELS_NOT_FOR_ARTISTS = {"workflow_objects_to_moderate", "recent_edits"}

STORY_STATE_HELP = {
    "live": "Buyers see it on your artist page.",
    "draft": "Not published yet: submit it for moderation when it is ready.",
    "in moderation": "A moderator is reviewing it; buyers see it once it is published.",
    "changes awaiting moderation": "Your page is live; the changes you submitted wait for a moderator.",
}


class ArtistHome:
    """One artist's home for one request: their figures, read once and shared by every panel."""

    def __init__(self, artist):
        self.artist = artist

    @cached_property
    def figures(self) -> dict:
        return artist_figures(self.artist, today=timezone.localdate())

    @cached_property
    def story_page_id(self) -> int | None:
        return ArtistPage.objects.filter(artist=self.artist).values_list("pk", flat=True).first()


class ArtistHomePanel(Component):
    """A panel of the artist's home: its template gets the figures, the currency and the artist."""

    def __init__(self, home: ArtistHome):
        self.home = home

    def get_context_data(self, parent_context):
        figures = self.home.figures
        return {"figures": figures, "currency": figures["currency"], "artist": self.home.artist}


class MoneyPanel(ArtistHomePanel):
    """This month's sales and net earnings, and the last 90 days of both, day by day."""

    name = "artist_money"
    template_name = "studio/home/money.html"
    order = 10

    @property
    def media(self):
        # Deferred: Wagtail writes media before the content, and the chart needs the canvas and its data parsed.
        return Media(
            css={"all": ["studio/money.css"]},
            js=[
                Script("vendor/chartjs/chart.umd.min.js", defer=True),
                Script("js/studio/artist_home.js", defer=True),
            ],
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        days = self.home.figures["series_90d"]
        context["days"] = days
        # Strings keep the Decimal pennies exact through JSON; the script reads them as numbers.
        context["chart_data"] = {
            "currency": context["currency"],
            "days": [day["period"].isoformat() for day in days],
            "sales": [str(day["sales"]) for day in days],
            "earnings": [str(day["earnings"]) for day in days],
        }
        return context


class ToShipPanel(ArtistHomePanel):
    """Orders with the artist's lines paid and not yet shipped, the longest-waiting first."""

    name = "artist_to_ship"
    template_name = "studio/home/to_ship.html"
    order = 20


class CommissionsPanel(ArtistHomePanel):
    """How many commission requests wait for the artist's answer, and the way to them."""

    name = "artist_commissions"
    template_name = "studio/home/commissions.html"
    order = 30


class ListingsPanel(ArtistHomePanel):
    """Artworks on sale against the plan's limit, and the featured credits left this month."""

    name = "artist_listings"
    template_name = "studio/home/listings.html"
    order = 40


class StoryPanel(ArtistHomePanel):
    """The story page's moderation state, in words, with the way to edit it."""

    name = "artist_story"
    template_name = "studio/home/story.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        state = context["figures"]["story_state"]
        context.update(state=state, state_help=STORY_STATE_HELP.get(state, ""), page_id=self.home.story_page_id)
        return context


def drop_site_summary(summary_items: list) -> None:
    """An artist's home has no site summary: its counts are every artist's pages and pictures, not theirs."""
    summary_items.clear()


def put_artist_panels_first(artist, panels: list) -> None:
    """Replace, in place, Wagtail's home panels with the artist's own first and the ones they use after."""
    home = ArtistHome(artist)
    kept = [panel for panel in panels if getattr(panel, "name", None) not in PANELS_NOT_FOR_ARTISTS]
    panels[:] = [
        MoneyPanel(home),
        ToShipPanel(home),
        CommissionsPanel(home),
        ListingsPanel(home),
        StoryPanel(home),
        *kept,
    ]
