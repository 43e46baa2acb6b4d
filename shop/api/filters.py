"""Query-string filters for the artist and artwork lists, validated like any other input.

A bad value (`?min_price=abc`, an unknown `?ordering=`) is a 400 naming the parameter, never a 500
and never silently ignored. Blank parameters (`?city=`) count as absent, as an HTML form sends them.
"""

from decimal import Decimal

from rest_framework import serializers

from artists.models import Artist
from shop.catalogue.colours import PALETTE
from shop.catalogue.discovery import ArtworkFilters
from shop.catalogue.discovery.filters import MAX_DIMENSION_CM, ORIGINAL, PRINT, SIZES, categories_by_id_or_slug

# The API's ordering names → the catalogue's.
API_ORDERINGS = {"relevance": "relevance", "price": "price", "-price": "-price", "-created": "newest", "title": "title"}


def _present(query_params) -> dict:
    return {name: value for name, value in query_params.items() if value.strip()}


class ArtistFilter(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=120, help_text="Part of the artist's name.")
    city = serializers.CharField(required=False, max_length=100, help_text="City, any letter case.")
    open_for_commissions = serializers.BooleanField(
        required=False, help_text="`true`: only artists taking commissions; `false`: only those who are not."
    )


def filter_artists(artists, query_params):
    """Narrow approved artists by `?search=` (name), `?city=` and `?open_for_commissions=`; a 400 on bad input."""
    params = ArtistFilter(data=_present(query_params))
    params.is_valid(raise_exception=True)
    wanted = params.validated_data
    if "search" in wanted:
        artists = artists.filter(display_name__icontains=wanted["search"])
    if "city" in wanted:
        artists = artists.in_city(wanted["city"])
    if "open_for_commissions" in wanted:
        artists = artists.filter(open_for_commissions=wanted["open_for_commissions"])
    return artists


class ArtworkFilter(serializers.Serializer):
    """The `products/` query string, checked; `artwork_filters()` turns it into the catalogue's question."""

    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the title, description, medium, artist or category."
    )
    category = serializers.CharField(
        required=False, max_length=255, help_text="Category id or slug; its subcategories are included."
    )
    artist = serializers.SlugField(required=False, max_length=140, help_text="Artist slug.")
    city = serializers.CharField(required=False, max_length=100, help_text="The artist's city, any letter case.")
    min_price = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    max_price = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    medium = serializers.CharField(
        required=False, max_length=100, help_text="The medium, any letter case, e.g. `oil on canvas`."
    )
    kind = serializers.ChoiceField(required=False, choices=[ORIGINAL, PRINT], help_text="Originals or prints.")
    available = serializers.BooleanField(required=False, help_text="Only artworks with units left to buy.")
    featured = serializers.BooleanField(
        required=False, help_text="`true`: only artworks featured now; `false`: only those that are not."
    )
    colour = serializers.ChoiceField(
        required=False,
        choices=list(PALETTE),
        help_text="A palette colour: any picture of the artwork is at least an eighth this colour.",
    )
    size = serializers.ChoiceField(
        required=False,
        choices=list(SIZES),
        help_text="By the longest side: `small` up to 40 cm, `medium` 40 to 90 cm, `large` over 90 cm.",
    )
    max_width_cm = serializers.DecimalField(
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=MAX_DIMENSION_CM,
        help_text="Fits a space this wide: at most this many cm wide.",
    )
    max_height_cm = serializers.DecimalField(
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=MAX_DIMENSION_CM,
        help_text="Fits a space this high: at most this many cm high.",
    )
    ordering = serializers.ChoiceField(
        required=False,
        choices=list(API_ORDERINGS),
        help_text=(
            "Default: `relevance` with `search` (a featured artwork first among equal matches), otherwise "
            "the artworks featured now first, then the rest newest first. An explicit ordering ignores featuring."
        ),
    )

    def validate_category(self, value: str) -> list:
        categories = categories_by_id_or_slug(value)
        if not categories:
            raise serializers.ValidationError("No category has this id or slug.")
        return categories

    def validate_artist(self, value: str) -> int:
        artist = Artist.objects.approved().filter(slug=value).only("pk").first()
        if artist is None:
            raise serializers.ValidationError("No approved artist has this slug.")
        return artist.pk

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"min_price": "The minimum price is above the maximum."})
        return attrs


def artwork_filters(query_params) -> ArtworkFilters:
    """The `products/` query string as the catalogue's question; raises a 400 on bad input."""
    params = ArtworkFilter(data=_present(query_params))
    params.is_valid(raise_exception=True)
    wanted = params.validated_data
    return ArtworkFilters(
        text=wanted.get("search", "").strip(),
        categories=tuple(wanted.get("category", ())),
        artist_id=wanted.get("artist"),
        city=wanted.get("city", "").strip(),
        medium=wanted.get("medium", "").strip(),
        kind=wanted.get("kind", ""),
        min_price=wanted.get("min_price"),
        max_price=wanted.get("max_price"),
        available_only=wanted.get("available", False),
        featured=wanted.get("featured"),
        colour=wanted.get("colour", ""),
        size=wanted.get("size", ""),
        max_width_cm=wanted.get("max_width_cm"),
        max_height_cm=wanted.get("max_height_cm"),
        sort=API_ORDERINGS.get(wanted.get("ordering", ""), ""),
    )
