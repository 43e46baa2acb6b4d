"""Featuring an artwork over the API: the owning artist pays (a plan credit or the fee), admins grant.

Every write goes through `shop.marketplace.featuring`, the services the studio calls too, so the
credit count, the row locks and the one-key-one-charge rule are the same whichever way in.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from oscar.core.loading import get_model
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from artists.selling import selling_artist
from shop.marketplace.featuring import (
    FeaturingInvalid,
    FeaturingRefused,
    IdempotencyConflict,
    credits_left,
    feature_artwork,
    feature_editorially,
    featuring_terms,
    unfeature,
)
from shop.marketplace.featuring_payments import unfeature_and_refund
from shop.marketplace.models import FeaturedListing
from shop.payment import gateway

from .marketplace import is_admin
from .orders import Conflict
from .payments import IDEMPOTENCY_KEY, PaymentProviderUnavailable, payment_method_field

Product = get_model("catalogue", "Product")
DECLINED = "The card was declined; nothing was featured."


class FeatureRequestSerializer(serializers.Serializer):
    days = serializers.IntegerField(
        required=False, min_value=1, max_value=90, help_text="How long; default: the marketplace's featuring days."
    )
    payment_method = payment_method_field(
        'A Stripe PaymentMethod (e.g. "pm_card_visa") to pay the fee now; omit to confirm with Stripe.js.'
    )


class UnfeatureSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    refund = serializers.BooleanField(required=False, default=False, help_text="Admins: refund a paid fee too.")


class FeaturingPaymentSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="pending, completed, failed or refunded")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    failure_reason = serializers.CharField()
    client_secret = serializers.CharField(help_text="Set while pending: confirm the fee with Stripe.js.")


class FeaturingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    artwork = serializers.IntegerField(source="artwork_id")
    status = serializers.CharField()
    featured_until = serializers.DateTimeField(source="ends_at", allow_null=True)
    paid_with = serializers.CharField(help_text="credit, payment or editorial")
    payment = serializers.SerializerMethodField()

    @extend_schema_field(FeaturingPaymentSerializer(allow_null=True))
    def get_payment(self, listing) -> dict | None:
        if listing.paid_with != FeaturedListing.PAYMENT:
            return None
        if listing.refund_id:
            state = "refunded"
        else:
            state = {
                FeaturedListing.PENDING_PAYMENT: "pending",
                FeaturedListing.FAILED: "failed",
            }.get(listing.status, "completed")
        return {
            "status": state,
            "amount": str(listing.amount),
            "currency": listing.currency,
            "failure_reason": listing.failure_reason,
            "client_secret": listing.client_secret if state == "pending" else "",
        }


def idempotency_key_of(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise ValidationError({"detail": "The Idempotency-Key header is required (a new UUID per request)."})
    if len(key) > 255 or not key.isprintable():
        raise ValidationError({"detail": "The Idempotency-Key must be printable and at most 255 characters."})
    return key


class FeatureArtworkView(APIView):
    """products/{id}/feature/: start or stop featuring one artwork.

    POST, the owning artist (Idempotency-Key required): `{days?, payment_method?}` → 201
    `{featured_until, paid_with: "credit"|"payment", payment?}`. A plan credit is spent first;
    without one the featuring fee is charged (one key → one charge; the same key with another body
    → 409). A declined card → 402 with the reason (the same key again gives the same 402). Not live,
    sold out or already featured → 409 (no extension: featuring runs out, then may be bought again).
    Stripe unreachable → 503, nothing featured; retry with the same key.
    POST, an admin: features any live artwork editorially (free, no key needed) → 201 `paid_with: "editorial"`.
    DELETE, an admin: `{reason, refund?}` ends the running featuring now (refund: the fee is
    given back and the revenue reversed). DELETE, the owning artist: stops their own featuring
    early (no refund, a spent credit stays spent). Not featured → 409.
    Another artist's artwork is a 404; buyers are refused (403), anonymous callers 401.
    """

    permission_classes = [permissions.IsAuthenticated]

    def artwork_for(self, request, pk):
        if is_admin(request.user):
            return get_object_or_404(Product, pk=pk)
        artist = selling_artist(request.user)
        if artist is None:
            raise PermissionDenied("Only approved artists feature their artworks.")
        return get_object_or_404(Product.objects.owned_by(artist), pk=pk)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=FeatureRequestSerializer,
        responses={
            201: FeaturingSerializer,
            402: OpenApiResponse(description="The card was declined."),
            409: OpenApiResponse(description="Not live, sold out, already featured, or the key was reused."),
        },
    )
    def post(self, request, pk):
        editorial = is_admin(request.user) and selling_artist(request.user) is None
        key = "" if editorial else idempotency_key_of(request)
        artwork = self.artwork_for(request, pk)
        form = FeatureRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        days = form.validated_data.get("days")
        try:
            if editorial:
                listing = feature_editorially(artwork=artwork, admin=request.user, days=days)
            else:
                listing = feature_artwork(
                    artwork=artwork,
                    user=request.user,
                    idempotency_key=key,
                    days=days,
                    payment_method=form.validated_data["payment_method"],
                )
        except FeaturingInvalid as wrong:
            raise ValidationError({"detail": str(wrong)}) from wrong
        except (FeaturingRefused, IdempotencyConflict) as refused:
            raise Conflict(str(refused)) from refused
        except gateway.GatewayError as error:
            raise PaymentProviderUnavailable() from error
        body = FeaturingSerializer(listing).data
        if listing.status == FeaturedListing.FAILED:
            return Response(
                {"detail": listing.failure_reason or DECLINED, **body},
                status=status.HTTP_402_PAYMENT_REQUIRED,
            )
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnfeatureSerializer, responses={200: FeaturingSerializer(many=True)})
    def delete(self, request, pk):
        artwork = self.artwork_for(request, pk)
        form = UnfeatureSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        admin = is_admin(request.user)
        if form.validated_data["refund"] and not admin:
            raise PermissionDenied("Only admins refund featuring fees.")
        reason = form.validated_data["reason"] or ("" if admin else "Stopped by the artist")
        try:
            stop = unfeature_and_refund if form.validated_data["refund"] else unfeature
            ended = stop(artwork=artwork, by=request.user, reason=reason)
        except FeaturingInvalid as wrong:
            raise ValidationError({"reason": [str(wrong)]}) from wrong
        except FeaturingRefused as refused:
            raise Conflict(str(refused)) from refused
        except gateway.GatewayError as error:
            raise PaymentProviderUnavailable("The featuring ended, but Stripe could not refund it; retry.") from error
        for listing in ended:
            listing.refresh_from_db()
        return Response(FeaturingSerializer(ended, many=True).data)


class ArtistFeaturingSerializer(serializers.Serializer):
    credits_left = serializers.IntegerField()
    fee = serializers.DecimalField(max_digits=12, decimal_places=2)
    days = serializers.IntegerField()
    listings = FeaturingSerializer(many=True)


class ArtistFeaturedView(APIView):
    """GET artist/featured/: the artist's credits left this month, the fee, and their latest listings."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ArtistFeaturingSerializer})
    def get(self, request):
        artist = selling_artist(request.user)
        if artist is None:
            raise PermissionDenied("Only approved artists feature their artworks.")
        fee, days = featuring_terms()
        listings = FeaturedListing.objects.filter(artist=artist).order_by("-created_at", "-pk")[:50]
        body = {"credits_left": credits_left(artist), "fee": fee, "days": days, "listings": list(listings)}
        return Response(ArtistFeaturingSerializer(body).data)
