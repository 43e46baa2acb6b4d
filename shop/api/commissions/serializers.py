"""How a commission, its quote and its thread look in the API, and what each step accepts."""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from artists.commissions.models import CommissionRequest

from ..serializers import absolute

BRIEF_MAX_LENGTH = 4000
MESSAGE_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 4000
DEPOSIT_MAX_LENGTH = 300
# Pictures of the finished piece per `complete/` call; the artwork's own picture limit still applies.
COMPLETION_PICTURES_MAX = 6
IMAGE_HELP = "JPEG, PNG or WebP, at most 15 MB and 40 megapixels; checked by content and stored re-encoded."


def money_in(help_text: str, **kwargs) -> serializers.DecimalField:
    """A money amount a client sends: positive, at most two decimal places (the service sets the upper bound)."""
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text=help_text, **kwargs
    )


# --- what comes in -----------------------------------------------------------------------------


class CommissionRequestSerializer(serializers.Serializer):
    """A request for a piece: JSON, or multipart with up to COMMISSION_MAX_REFERENCES `reference` files."""

    artist = serializers.SlugField(max_length=140, help_text="The slug of an artist open for commissions.")
    brief = serializers.CharField(max_length=BRIEF_MAX_LENGTH, help_text="What you would like; 1 to 4000 characters.")
    budget = money_in("What you would like to spend (optional).", required=False, allow_null=True, default=None)
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="When you would like it by; not in the past."
    )
    reference = serializers.ListField(
        child=serializers.FileField(help_text=IMAGE_HELP),
        required=False,
        default=list,
        max_length=settings.COMMISSION_MAX_REFERENCES,
        help_text=f"Up to {settings.COMMISSION_MAX_REFERENCES} reference pictures (multipart, a repeated field).",
    )


class CommissionRequestJSONSerializer(CommissionRequestSerializer):
    """The same request as JSON, without pictures (the schema's JSON body)."""

    reference = None


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    side = serializers.SerializerMethodField(help_text="buyer or artist: whose message it is.")
    body = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="1 to 4000 characters.")
    created_at = serializers.DateTimeField(read_only=True)

    def get_side(self, message) -> str:
        return "buyer" if message.author_id == self.context["commission"].buyer_id else "artist"


class QuoteInSerializer(serializers.Serializer):
    price = money_in("What the piece costs, in the shop's currency.")
    delivery_by = serializers.DateField(help_text="When it will be ready; not in the past.")
    deposit = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=DEPOSIT_MAX_LENGTH, help_text="Optional deposit terms."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH)


class CompleteSerializer(serializers.Serializer):
    picture = serializers.ListField(
        child=serializers.FileField(help_text=IMAGE_HELP),
        required=False,
        default=list,
        max_length=COMPLETION_PICTURES_MAX,
        help_text=f"Up to {COMPLETION_PICTURES_MAX} pictures of the finished piece (multipart, a repeated field).",
    )


class CommissionFilter(serializers.Serializer):
    """The `commissions/` query string, checked: a bad value is a 400 naming the parameter."""

    role = serializers.ChoiceField(
        required=False,
        choices=["buyer", "artist"],
        help_text="buyer: requests you sent; artist: requests you received.",
    )
    status = serializers.ChoiceField(required=False, choices=CommissionRequest.Status.choices)


# --- what goes out -----------------------------------------------------------------------------


class CommissionArtistSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    display_name = serializers.CharField()


class CommissionBuyerSerializer(serializers.Serializer):
    username = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    deposit = serializers.CharField()
    delivery_by = serializers.DateField()
    note = serializers.CharField()
    status = serializers.CharField(help_text="open, accepted, declined, replaced or expired")
    expires_at = serializers.DateTimeField()


class CommissionSerializer(serializers.Serializer):
    """A commission as its buyer and its artist see it. Reads what `commission_list()` loaded: no query per item."""

    id = serializers.IntegerField()
    artist = CommissionArtistSerializer()
    buyer = CommissionBuyerSerializer()
    brief = serializers.CharField()
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=CommissionRequest.Status.choices)
    quote = serializers.SerializerMethodField()
    order = serializers.SerializerMethodField()
    artwork = serializers.SerializerMethodField()
    messages_count = serializers.IntegerField()
    references = serializers.SerializerMethodField()
    closed_reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(QuoteSerializer(allow_null=True))
    def get_quote(self, commission) -> dict | None:
        """The latest quote (whatever became of it), or null before the artist quoted."""
        quote = commission.current_quote  # from the prefetched quotes
        return QuoteSerializer(quote).data if quote is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The number of the order that paid it."))
    def get_order(self, commission) -> str | None:
        return commission.order_number or None

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="The reserved artwork's product id."))
    def get_artwork(self, commission) -> int | None:
        artwork = getattr(commission, "artwork", None)  # joined by `commission_list()`
        return artwork.pk if artwork is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_references(self, commission) -> list[str]:
        request = self.context.get("request")
        return [absolute(request, reference.image.url) for reference in commission.references.all() if reference.image]


class CartPlacementSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The cart line holding the reserved artwork.")
    url = serializers.URLField(help_text="The cart: place the order from it, then pay it.")


class AcceptedCommissionSerializer(CommissionSerializer):
    # Always "accepted" here; a plain string keeps the status enum to one schema component.
    status = serializers.CharField(help_text="accepted")
    cart = CartPlacementSerializer(help_text="Where the reserved artwork now is.")
