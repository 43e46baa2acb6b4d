"""Artist plans over the API: the plans on offer, and the caller's own subscription (read, change, cancel).

There is no id in the path: `artist/subscription/` is always the caller's own, so no artist can
reach another's. Every change goes through `shop.marketplace.subscriptions`, the same services the
studio calls; a change moves money, so it needs an Idempotency-Key (API.md).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from artists.models import Artist
from shop.marketplace.models import MarketplaceSettings, Plan
from shop.marketplace.subscriptions import (
    CardRequired,
    IdempotencyConflict,
    PlanRefused,
    cancel_subscription,
    change_plan,
    subscription_state,
)
from shop.payment import gateway

from .orders import Conflict
from .payments import IDEMPOTENCY_KEY, CardDeclined, PaymentProviderUnavailable, payment_method_field


class PlanSerializer(serializers.ModelSerializer):
    fee_rate = serializers.SerializerMethodField(help_text="The share of each sale the platform keeps, e.g. 0.1000.")

    class Meta:
        model = Plan
        fields = ["code", "name", "description", "monthly_price", "currency", "fee_rate", "listing_limit"]
        fields += ["featured_credits"]

    def get_fee_rate(self, plan) -> str:
        rate = plan.fee_rate if plan.fee_rate is not None else self.context["default_fee_rate"]
        return f"{rate:.4f}"


class SubscriptionStateSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="The code of the plan whose terms apply now.")
    plan_name = serializers.CharField()
    status = serializers.ChoiceField(choices=["active", "past_due", "canceled"])
    current_period_end = serializers.DateTimeField(allow_null=True)
    cancel_at_period_end = serializers.BooleanField()
    listings_used = serializers.IntegerField()
    listing_limit = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    featured_credits_left = serializers.IntegerField()
    next_plan = serializers.CharField(allow_null=True, help_text="The plan from the period's end, if it changes.")


class ChangePlanSerializer(serializers.Serializer):
    plan = serializers.SlugField(max_length=40, help_text="The code of the plan to move to.")
    payment_method = payment_method_field(
        'A Stripe PaymentMethod id (e.g. "pm_card_visa") to pay with; needed for a first paid plan.'
    )
    card_token = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255, help_text="A Stripe.js card token (tok_…)."
    )

    def validate_plan(self, code):
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            raise serializers.ValidationError(f"There is no plan “{code}”.")
        return plan


class PlanListView(APIView):
    """GET plans/: the plans an artist may choose, cheapest first."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: PlanSerializer(many=True)})
    def get(self, request):
        context = {"default_fee_rate": MarketplaceSettings.load().default_fee_rate}
        return Response(PlanSerializer(Plan.objects.offered(), many=True, context=context).data)


def own_artist(user) -> Artist:
    """The caller's artist record (any status: a pending artist may read, the services refuse changes)."""
    artist = Artist.objects.filter(user=user).first()
    if artist is None:
        raise PermissionDenied("Only artists have a plan.")
    return artist


CHANGE_RESPONSES = {
    200: SubscriptionStateSerializer,
    400: OpenApiResponse(description="Invalid body, unknown plan, no Idempotency-Key, or a card is needed."),
    402: OpenApiResponse(description="The card was declined: nothing changed."),
    403: OpenApiResponse(description="Not an artist."),
    409: OpenApiResponse(description="Not allowed now (over the plan's listing limit…), or the key was reused."),
    503: OpenApiResponse(description="Stripe is unavailable: retry with the same Idempotency-Key."),
}


class SubscriptionView(APIView):
    """GET, POST, DELETE artist/subscription/: the caller's plan; POST switches, DELETE cancels at period end."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: SubscriptionStateSerializer, 403: OpenApiResponse(description="Not an artist.")})
    def get(self, request):
        return Response(SubscriptionStateSerializer(subscription_state(own_artist(request.user))).data)

    @extend_schema(parameters=[IDEMPOTENCY_KEY], request=ChangePlanSerializer, responses=CHANGE_RESPONSES)
    def post(self, request):
        artist = own_artist(request.user)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            raise ValidationError({"detail": "The Idempotency-Key header is required (a new UUID per plan change)."})
        if len(key) > 255 or not key.isprintable():
            raise ValidationError({"detail": "The Idempotency-Key must be printable and at most 255 characters."})
        form = ChangePlanSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            change_plan(artist=artist, idempotency_key=key, **form.validated_data)
        except (PlanRefused, IdempotencyConflict) as refused:
            raise Conflict(str(refused)) from refused
        except CardRequired as missing:
            raise ValidationError({"payment_method": [str(missing)]}) from missing
        except gateway.CardDeclined as declined:
            raise CardDeclined(str(declined)) from declined
        except gateway.InvalidRequest as wrong:
            raise ValidationError({"payment_method": [f"Stripe refused it: {wrong}"]}) from wrong
        except gateway.GatewayError as error:
            raise PaymentProviderUnavailable() from error
        return Response(SubscriptionStateSerializer(subscription_state(artist)).data)

    @extend_schema(
        responses={
            200: SubscriptionStateSerializer,
            403: OpenApiResponse(description="Not an artist."),
            409: OpenApiResponse(description="No paid plan to cancel."),
            503: OpenApiResponse(description="Stripe is unavailable: retry."),
        }
    )
    def delete(self, request):
        artist = own_artist(request.user)
        try:
            cancel_subscription(artist=artist)
        except PlanRefused as refused:
            raise Conflict(str(refused)) from refused
        except gateway.GatewayError as error:
            raise PaymentProviderUnavailable() from error
        return Response(SubscriptionStateSerializer(subscription_state(artist)).data)
