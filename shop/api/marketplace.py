"""The marketplace's money over the API: who may read whose money, and the terms admins set.

Artists read their earnings (earnings.py) and payouts (payouts.py); admins set the terms here and
run payouts there. Reads are querysets over the ledger (shop/marketplace); every write goes through
the services the studio calls too (`terms.update_settings`, `payouts.run_payout_batch`,
`payouts.mark_payout`), so a change made over the API is audited and locked exactly as one made there.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import APIView

from artists.models import Artist
from artists.selling import selling_artist
from shop.marketplace import terms
from shop.marketplace.models import MarketplaceSettings, SettingsChange

# --- who may see whose money -------------------------------------------------------------------


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


class IsMarketplaceAdmin(permissions.BasePermission):
    message = "Only admins manage the marketplace's terms and payouts."

    def has_permission(self, request, view):
        return is_admin(request.user)


ARTIST_PARAMETER = OpenApiParameter(
    "artist",
    OpenApiTypes.STR,
    description="Admins: the slug of the artist to read (required for them). Artists read only their own.",
)


def artist_in_question(request) -> Artist:
    """Whose money the caller asks for: their own, or (admins) the artist `?artist=` names.

    Another artist's slug is a 404, as if it did not exist: an artist learns nothing about anyone else.
    """
    slug = request.query_params.get("artist", "").strip()
    own = selling_artist(request.user)
    if is_admin(request.user) and slug:
        return get_object_or_404(Artist, slug=slug)
    if own is None:
        if is_admin(request.user):
            raise ValidationError({"artist": ["Pass ?artist=<slug>: an admin reads one artist's money at a time."]})
        raise PermissionDenied("Only approved artists have earnings and payouts.")
    if slug and slug != own.slug:
        raise NotFound("No such artist.")
    return own


# --- the terms ---------------------------------------------------------------------------------


RATE_MESSAGE = "A rate is a fraction: 0.15 means 15%. It is at least 0 and at most 0.9999."


class MarketplaceSettingsSerializer(serializers.ModelSerializer):
    """The terms; bounds come from the model's validators (one home), checked again by `update_settings`."""

    # Wider than the column on purpose: `15` (meant as 15%) gets the message about fractions, not about digits.
    default_fee_rate = serializers.DecimalField(
        max_digits=12, decimal_places=4, help_text="The fee on a sale, as a fraction: 0.15 is 15%."
    )
    currency = serializers.CharField(read_only=True, help_text="The currency of every amount.")
    changed_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="The last change, if any.")

    class Meta:
        model = MarketplaceSettings
        fields = [*MarketplaceSettings.EDITABLE, "currency", "changed_at"]
        # Always in the answer; a PATCH (partial) may send any of them.
        extra_kwargs = {name: {"required": True} for name in MarketplaceSettings.EDITABLE}

    def validate_default_fee_rate(self, rate):
        try:
            for check in MarketplaceSettings._meta.get_field("default_fee_rate").validators:
                check(rate)
        except DjangoValidationError as wrong:
            raise serializers.ValidationError(RATE_MESSAGE) from wrong
        return rate

    def validate(self, values):
        # A misspelt or read-only name would otherwise be dropped silently, and the admin think it saved.
        unknown = sorted(set(self.initial_data) - set(MarketplaceSettings.EDITABLE))
        if unknown:
            editable = ", ".join(MarketplaceSettings.EDITABLE)
            raise serializers.ValidationError(
                {name: [f"Not a setting you can change; these are: {editable}."] for name in unknown}
            )
        return values


def current_terms() -> MarketplaceSettings:
    """The settings row, with what the API shows beside its fields: the currency and the last change."""
    marketplace = MarketplaceSettings.load()
    marketplace.currency = settings.OSCAR_DEFAULT_CURRENCY
    last = SettingsChange.objects.filter(subject=terms.SETTINGS_SUBJECT).order_by("-changed_at", "-pk").first()
    marketplace.changed_at = last.changed_at if last else None
    return marketplace


class MarketplaceSettingsView(APIView):
    """GET, PATCH marketplace/settings/: what the platform charges and when artists are paid."""

    permission_classes = [IsMarketplaceAdmin]

    @extend_schema(responses={200: MarketplaceSettingsSerializer})
    def get(self, request):
        return Response(MarketplaceSettingsSerializer(current_terms()).data)

    @extend_schema(request=MarketplaceSettingsSerializer, responses={200: MarketplaceSettingsSerializer})
    def patch(self, request):
        form = MarketplaceSettingsSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        try:
            terms.update_settings(user=request.user, **form.validated_data)
        except DjangoValidationError as refused:
            raise ValidationError(get_error_detail(refused)) from refused
        return Response(MarketplaceSettingsSerializer(current_terms()).data)
