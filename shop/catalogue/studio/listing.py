"""What the Artworks list shows: one row per artwork, its status in the artist's words, filters.

The rows are built from `Product.objects.for_listing()`, whose prefetches make the page cost the
same handful of queries for 2 artworks or 50; nothing here may reach for a relation it did not
prefetch.
"""

from dataclasses import dataclass

from django.db.models import Q

from ..discovery import ArtworkFilters, find_artworks
from ..discovery.filters import ORDERINGS
from ..managers import LIVE as IS_LIVE
from .forms import ArtworkFilterForm


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    explanation: str


LIVE = Status("live", "Live", "Buyers can find and buy it.")
UNPUBLISHED = Status("unpublished", "Unpublished", "Only you can see it; tick Published to list it.")
HIDDEN = Status("hidden", "Hidden", "Buyers cannot see it until a moderator restores it.")
ARTIST_INACTIVE = Status("artist-inactive", "Artist not selling", "The artist is pending or suspended.")


def artwork_status(artwork) -> Status:
    """The one status that matters most: a moderator's hide outranks the artist's own switch."""
    if artwork.hidden_reason:
        return HIDDEN
    if not artwork.is_public:
        return UNPUBLISHED
    if artwork.artist is not None and not artwork.artist.is_approved:
        return ARTIST_INACTIVE
    return LIVE


@dataclass(frozen=True)
class ArtworkRow:
    artwork: object
    record: object  # the single StockRecord, or None for a broken artwork
    image: object  # the first ProductImage, or None
    status: Status


def artwork_rows(artworks) -> list[ArtworkRow]:
    """Rows for a page of artworks that came from `for_listing()`."""
    rows = []
    for artwork in artworks:
        images = artwork.images.all()
        records = artwork.stockrecords.all()
        rows.append(
            ArtworkRow(
                artwork=artwork,
                record=records[0] if records else None,
                image=images[0] if images else None,
                status=artwork_status(artwork),
            )
        )
    return rows


STATUS_FILTERS = {
    "live": IS_LIVE,
    "unpublished": Q(is_public=False, hidden_reason=""),
    "hidden": ~Q(hidden_reason=""),
}


def filter_artworks(artworks, form: ArtworkFilterForm):
    """The catalogue's own query over the studio's artworks (live or not), plus the moderators' status filter.

    An invalid value (a stale artist id) filters nothing. Words are searched as in the shop, over
    title, description, medium, artist and category, but newest first.
    """
    if not form.is_valid():
        return artworks.order_by(*ORDERINGS["newest"])
    text, artist, status = (form.cleaned_data.get(name) for name in ("q", "artist", "status"))
    wanted = ArtworkFilters(text=(text or "").strip(), artist_id=artist.pk if artist else None, sort="newest")
    artworks = find_artworks(wanted, artworks=artworks).ordered()
    if status:
        artworks = artworks.filter(STATUS_FILTERS[status])
    return artworks
