"""How artists, categories and artworks look in the API, and what the write side accepts."""

from decimal import Decimal

from django.db import models
from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class, get_model
from rest_framework import serializers

from artists.models import Artist
from shop.catalogue import rules
from shop.catalogue.colours import PALETTE
from shop.catalogue.discovery.featured import featured_now_ids, is_featured_map

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
create_category = get_class("catalogue.services", "create_category")
update_category = get_class("catalogue.services", "update_category")


def absolute(request, url: str | None) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


class ArtistSerializer(serializers.ModelSerializer):
    """An approved artist; `artwork_count` is annotated by the view (live artworks only)."""

    name = serializers.CharField(source="display_name")
    page_url = serializers.SerializerMethodField()
    artwork_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Artist
        fields = ["id", "slug", "name", "city", "bio", "page_url", "artwork_count"]
        fields += ["open_for_commissions", "commission_note"]  # whether (and how) they take commissions
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_page_url(self, artist) -> str | None:
        """The published story page; null while it is a draft awaiting moderation."""
        page = getattr(artist, "page", None)
        if page is None or not page.live:
            return None
        request = self.context.get("request")
        return absolute(request, page.get_url(request))


class ArtistProfileSerializer(serializers.Serializer):
    """The caller's own artist record (`artists/me/`): what they may change, and their standing.

    Fields check shapes only; `artists.services.update_artist_profile` owns the rules (the studio's
    Profile screen asks the same service), and its refusals come back keyed by these names.
    """

    name = serializers.CharField(source="display_name", allow_blank=True, help_text="At most 120 characters.")
    city = serializers.CharField(allow_blank=True, help_text="At most 100 characters; buyers filter by it.")
    region = serializers.CharField(allow_blank=True, required=False, help_text="At most 100 characters.")
    bio = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    slug = serializers.SlugField(read_only=True, help_text="Fixed at sign-up: links keep working after a rename.")
    status = serializers.ChoiceField(choices=Artist.Status.choices, read_only=True)
    # Commissions: whether buyers may ask for a piece of their own, what to expect, and how many at once.
    open_for_commissions = serializers.BooleanField(required=False)
    commission_note = serializers.CharField(
        allow_blank=True, required=False, help_text='At most 300 characters, e.g. "Portraits from photos, 6–8 weeks".'
    )
    max_open_commissions = serializers.IntegerField(
        allow_null=True, required=False, help_text="1 to 99 open commissions at once; null: no maximum."
    )


class CategorySerializer(serializers.ModelSerializer):
    """A catalogue category. Admins create roots; the slug is made from the name when left out.

    Writes go through the catalogue's category services, which own the rules (a usable slug, none
    shared by siblings); their refusals come back as `{field: [message]}`.
    """

    slug = serializers.SlugField(max_length=255, required=False, allow_blank=True)

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description"]

    def create(self, validated_data):
        return create_category(**validated_data)

    def update(self, category, validated_data):
        return update_category(category=category, **validated_data)


class ArtistRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField(source="display_name")


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ArtworkListSerializer(serializers.ListSerializer):
    """Artworks in a list: their colours are read for the whole list in one query, not one per artwork."""

    def to_representation(self, data):
        artworks = list(data.all() if isinstance(data, models.Manager) else data)
        prefetch_related_objects(artworks, "colours")  # skipped for artworks that already have them
        return super().to_representation(artworks)


class ArtworkSerializer(serializers.ModelSerializer):
    """An artwork as buyers see it. Reads only what `for_listing()` loaded: no query per artwork.

    `colours` are prefetched for a list by `ArtworkListSerializer` (and by the cart for its lines).

    `featured` comes from the context's `featured_ids` (a set the list view fills for its page);
    without it, from `featured_now_ids()` (cached, exact), read once for the whole response.
    """

    price = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    stock = serializers.SerializerMethodField()
    is_available = serializers.SerializerMethodField()
    artist = ArtistRefSerializer(read_only=True)
    category = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="date_created", read_only=True)
    updated_at = serializers.DateTimeField(source="date_updated", read_only=True)
    url = serializers.SerializerMethodField()
    featured = serializers.SerializerMethodField()
    colours = serializers.SerializerMethodField()

    class Meta:
        model = Product
        list_serializer_class = ArtworkListSerializer
        fields = [
            "id",
            "title",
            "slug",
            "description",
            "price",
            "currency",
            "stock",
            "is_available",
            "artist",
            "category",
            "images",
            "medium",
            "width_cm",
            "height_cm",
            "depth_cm",
            "year",
            "is_original",
            "edition_size",
            "created_at",
            "updated_at",
            "url",
            "featured",
            "colours",
        ]
        read_only_fields = fields

    @staticmethod
    def _stockrecord(artwork):
        records = artwork.stockrecords.all()  # prefetched; an artwork has exactly one
        return records[0] if records else None

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_price(self, artwork) -> str | None:
        record = self._stockrecord(artwork)
        if record is None or record.price is None:
            return None
        return f"{record.price.quantize(Decimal('0.01'))}"

    def get_currency(self, artwork) -> str | None:
        record = self._stockrecord(artwork)
        return record.price_currency if record is not None else None

    def get_stock(self, artwork) -> int:
        """Units a buyer can still order: in stock minus those promised to placed orders."""
        return max(artwork.units_left, 0)

    def get_is_available(self, artwork) -> bool:
        # Only its buyer, artist and staff ever read a commissioned one-off (the querysets see to it).
        return (artwork.is_live or artwork.commission_id is not None) and artwork.units_left > 0

    @extend_schema_field(CategoryRefSerializer(allow_null=True))
    def get_category(self, artwork):
        category = artwork.main_category  # joined by for_listing()
        return {"id": category.pk, "name": category.name} if category is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_images(self, artwork) -> list[str]:
        request = self.context.get("request")
        return [absolute(request, image.original.url) for image in artwork.images.all() if image.original]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, artwork) -> str:
        return absolute(self.context.get("request"), artwork.get_absolute_url())

    def get_featured(self, artwork) -> bool:
        """Featured now: a running featured listing, and the artwork live with units left."""
        known = self.context.get("featured_ids")
        if known is None:
            # Read once for the whole response (the context is shared by nested and listed artworks).
            everything = featured_now_ids()
            if everything is None:  # very many featured: ask about this artwork alone
                return artwork.pk in is_featured_map([artwork.pk])
            known = self.context["featured_ids"] = everything
        return artwork.pk in known

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(PALETTE))))
    def get_colours(self, artwork) -> list[str]:
        """The palette colours its pictures show, the most present first (each picture's own share)."""
        strongest = {}
        for colour in artwork.colours.all():
            strongest[colour.name] = max(colour.share, strongest.get(colour.name, colour.share))
        palette_order = list(PALETTE)
        return sorted(strongest, key=lambda name: (-strongest[name], palette_order.index(name)))


def optional_decimal(help_text: str):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, default=None, help_text=help_text
    )


class ArtworkWriteSerializer(serializers.Serializer):
    """What an artist sends to list or change an artwork. An `artist` field, if sent, is ignored.

    Fields here check shapes only; the limits are `shop.catalogue.rules`, asked in `validate()` so
    their refusals come back as this API's `{field: [message]}` with the shape errors.
    """

    title = serializers.CharField(help_text=f"At most {rules.TITLE_MAX_LENGTH} characters.")
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=f"At most {rules.DESCRIPTION_MAX_LENGTH:,} characters.",
    )
    price = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        help_text=f"From {rules.PRICE_MIN} to {rules.PRICE_MAX}, at most {rules.PRICE_DECIMALS} decimal places.",
    )
    stock = serializers.IntegerField(help_text=f"0 to {rules.STOCK_MAX:,}; an original has 0 or 1.")
    category_id = serializers.PrimaryKeyRelatedField(queryset=Category.objects.browsable(), source="category")
    medium = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=f"At most {rules.MEDIUM_MAX_LENGTH} characters."
    )
    width_cm = optional_decimal(f"{rules.DIMENSION_MIN} to {rules.DIMENSION_MAX} cm, one decimal place.")
    height_cm = optional_decimal(f"{rules.DIMENSION_MIN} to {rules.DIMENSION_MAX} cm, one decimal place.")
    depth_cm = optional_decimal(f"{rules.DIMENSION_MIN} to {rules.DIMENSION_MAX} cm, one decimal place.")
    year = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=f"From {rules.YEAR_MIN} to this year."
    )
    is_original = serializers.BooleanField(required=False, default=True)
    edition_size = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=f"Prints only: {rules.EDITION_MIN} to {rules.EDITION_MAX:,} copies.",
    )

    def validate(self, attrs):
        fields = dict(attrs)
        if fields.get("is_original"):
            fields.pop("edition_size", None)  # an original has no edition: the service drops it
        errors = rules.artwork_field_errors(fields)
        if errors:
            raise serializers.ValidationError({name: [message] for name, message in errors.items()})
        return attrs


class ArtworkImageUploadSerializer(serializers.Serializer):
    # A plain file: the catalogue's image cleaner judges the content, not DRF's ImageField.
    image = serializers.FileField(help_text="JPEG, PNG or WebP, at most 15 MB and 40 megapixels.")


class ArtworkImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    position = serializers.IntegerField(source="display_order", read_only=True)

    class Meta:
        model = ProductImage
        fields = ["id", "url", "position"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, image) -> str:
        return absolute(self.context.get("request"), image.original.url)
