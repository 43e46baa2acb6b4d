"""How many artworks an artist may have on sale at once: their plan's listing limit.

A "listing" is an artwork of the artist's that is public, not hidden by a moderator, and has
units left: on sale, or about to be once the artist is approved again. Drafts, hidden and sold-out
artworks do not count. A downgrade (or the fall-back to the free plan after non-payment) never
takes anything off sale: the artist keeps what they have and cannot add more until under the limit.

The count and the check happen under the artist's row lock, taken by `check_can_list`, so two
artworks created at once by the same artist at limit − 1 cannot both pass.
"""

from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from artists.models import Artist

from .plans import current_plan

Product = get_model("catalogue", "Product")


class ListingLimitReached(ValidationError):
    """The artist's plan allows no more artworks on sale (the API answers 409, the studio shows the message)."""


def listings(artist):
    # A commissioned one-off is reserved for its buyer, not on sale: it is no listing.
    return Product.objects.filter(
        artist=artist, is_public=True, hidden_reason="", units_left__gt=0, commission__isnull=True
    )


def listings_used(artist) -> int:
    return listings(artist).count()


def listing_limit(artist) -> int | None:
    """The most artworks `artist` may have on sale; None means unlimited."""
    return current_plan(artist).listing_limit


def lock_artist(artist) -> None:
    """The artist's row lock, which every change to their listings or plan takes first."""
    Artist.objects.select_for_update().only("pk").get(pk=artist.pk)


def check_can_list(artist, adding: int = 1) -> None:
    """Refuse if `adding` more listings would take the artist over their plan's limit.

    Call inside the transaction that adds them: the artist's row stays locked until it commits,
    so concurrent additions count one after the other. With `adding=0` it checks the count as it
    now stands (an artwork already put back on sale in this transaction).
    """
    lock_artist(artist)
    plan = current_plan(artist)
    limit = plan.listing_limit
    if limit is None:
        return
    used = listings_used(artist)
    if used + adding > limit:
        on_sale = used - (0 if adding else 1)
        raise ListingLimitReached(
            f"Your {plan.name} plan allows {limit} artworks on sale at once and you have {on_sale}: "
            "take one off sale (unpublish it or set its stock to 0) or move to a bigger plan to list more."
        )
