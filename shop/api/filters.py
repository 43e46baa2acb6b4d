"""Query-string filters for the artist and artwork lists, validated like any other input.

A bad value (`?min_price=abc`, an unknown `?ordering=`) is a 400 naming the parameter, never a 500
and never silently ignored. Blank parameters (`?city=`) count as absent, as an HTML form sends them.
"""

from django.db.models import F, OuterRef, Q, Subquery
from oscar.core.loading import get_model
from rest_framework import serializers

from artists.models import Artist

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

# Each ends on the primary key so pages never overlap or skip when values tie.
ORDERINGS = {
    "price": [F("listing_price").asc(nulls_last=True), "pk"],
    "-price": [F("listing_price").desc(nulls_last=True), "-pk"],
    "-created": ["-date_created", "-pk"],
    "title": ["title", "pk"],
}
DEFAULT_ORDERING = "-created"


def _present(query_params) -> dict:
    return {name: value for name, value in query_params.items() if value.strip()}


class ArtistFilter(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=120, help_text="Part of the artist's name.")
    city = serializers.CharField(required=False, max_length=100, help_text="City, any letter case.")


def filter_artists(artists, query_params):
    """Narrow approved artists by `?search=` (name) and `?city=`; raises a 400 on bad input."""
    params = ArtistFilter(data=_present(query_params))
    params.is_valid(raise_exception=True)
    wanted = params.validated_data
    if "search" in wanted:
        artists = artists.filter(display_name__icontains=wanted["search"])
    if "city" in wanted:
        artists = artists.in_city(wanted["city"])
    return artists


class ArtworkFilter(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the title, description or artist's name."
    )
    category = serializers.CharField(
        required=False, max_length=255, help_text="Category id or slug; its subcategories are included."
    )
    artist = serializers.SlugField(required=False, max_length=140, help_text="Artist slug.")
    city = serializers.CharField(required=False, max_length=100, help_text="The artist's city, any letter case.")
    min_price = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    max_price = serializers.DecimalField(required=False, max_digits=12, decimal_places=2, min_value=0)
    medium = serializers.CharField(required=False, max_length=100, help_text="Part of the medium, e.g. `oil`.")
    ordering = serializers.ChoiceField(required=False, choices=list(ORDERINGS), default=DEFAULT_ORDERING)

    def validate_category(self, value: str) -> list:
        is_id = value.isascii() and value.isdigit() and len(value) <= 18  # beyond that no row has it
        by_id_or_slug = Q(pk=int(value)) | Q(slug=value) if is_id else Q(slug=value)
        categories = list(Category.objects.browsable().filter(by_id_or_slug).only("pk", "path"))
        if not categories:
            raise serializers.ValidationError("No category has this id or slug.")
        return categories

    def validate_artist(self, value: str) -> str:
        if not Artist.objects.approved().filter(slug=value).exists():
            raise serializers.ValidationError("No approved artist has this slug.")
        return value

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"min_price": "The minimum price is above the maximum."})
        return attrs


def with_listing_price(artworks):
    """Annotate the price of the artwork's single stock record, to filter and sort on without joins."""
    price = StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk").values("price")[:1]
    return artworks.annotate(listing_price=Subquery(price))


def filter_artworks(artworks, query_params):
    """Apply the `products/` query string to a queryset of artworks; raises a 400 on bad input."""
    params = ArtworkFilter(data=_present(query_params))
    params.is_valid(raise_exception=True)
    wanted = params.validated_data
    artworks = with_listing_price(artworks)
    if "search" in wanted:
        words = wanted["search"]
        artworks = artworks.filter(
            Q(title__icontains=words) | Q(description__icontains=words) | Q(artist__display_name__icontains=words)
        )
    if "category" in wanted:
        subtrees = Q()
        for category in wanted["category"]:
            subtrees |= Q(category__path__startswith=category.path)
        # A subquery rather than a join, so an artwork in two matching categories is listed once.
        artworks = artworks.filter(pk__in=ProductCategory.objects.filter(subtrees).values("product_id"))
    if "artist" in wanted:
        artworks = artworks.filter(artist__slug=wanted["artist"])
    if "city" in wanted:
        artworks = artworks.filter(artist__city__iexact=wanted["city"])
    if "min_price" in wanted:
        artworks = artworks.filter(listing_price__gte=wanted["min_price"])
    if "max_price" in wanted:
        artworks = artworks.filter(listing_price__lte=wanted["max_price"])
    if "medium" in wanted:
        artworks = artworks.filter(medium__icontains=wanted["medium"])
    return artworks.order_by(*ORDERINGS[wanted["ordering"]])
