"""Payments over the API: pay an order (idempotent by the client's key) and read a payment."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from oscar.core.loading import get_model
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.payment import gateway
from shop.payment.models import Payment
from shop.payment.services import IdempotencyConflict, PaymentRefused, start_payment, sync_payment

from .orders import Conflict

Order = get_model("order", "Order")

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="Unique per payment attempt (a UUID); repeating it with the same body returns the same payment.",
)


class PaymentProviderUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The payment provider is unavailable; nothing was charged. Retry with the same Idempotency-Key."
    default_code = "payment_provider_unavailable"


class CardDeclined(APIException):
    """402: the card was refused and nothing was bought (plans, featuring fees); the detail says why."""

    status_code = status.HTTP_402_PAYMENT_REQUIRED
    default_detail = "The card was declined; nothing was charged."
    default_code = "card_declined"


def payment_method_field(help_text: str) -> serializers.CharField:
    """The optional Stripe PaymentMethod every money-moving POST accepts (omitted: Stripe.js confirms)."""
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=255, help_text=help_text)


class PayOrderSerializer(serializers.Serializer):
    payment_method = payment_method_field(
        'A Stripe PaymentMethod id (e.g. "pm_card_visa") to confirm now; omit to confirm with Stripe.js.'
    )


class PaymentSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number")

    class Meta:
        model = Payment
        fields = ["id", "order", "status", "amount", "currency", "failure_reason", "created_at", "updated_at"]


class NewPaymentSerializer(PaymentSerializer):
    class Meta(PaymentSerializer.Meta):
        fields = [*PaymentSerializer.Meta.fields, "client_secret"]


class OrderPaymentsView(APIView):
    """POST orders/{number}/payments/: one payment per Idempotency-Key, however often it is sent."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[IDEMPOTENCY_KEY], request=PayOrderSerializer, responses={201: NewPaymentSerializer})
    def post(self, request, number):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            raise ValidationError({"detail": "The Idempotency-Key header is required (a new UUID per payment)."})
        if len(key) > 255 or not key.isprintable():
            raise ValidationError({"detail": "The Idempotency-Key must be printable and at most 255 characters."})
        order = get_object_or_404(Order, number=number, user=request.user)
        form = PayOrderSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            payment = start_payment(
                order=order,
                payer=request.user,
                idempotency_key=key,
                payment_method=form.validated_data["payment_method"],
            )
        except (IdempotencyConflict, PaymentRefused) as refused:
            raise Conflict(str(refused)) from refused
        except gateway.GatewayError as error:
            raise PaymentProviderUnavailable() from error
        return Response(NewPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class PaymentDetailView(APIView):
    """GET payments/{id}/: the payer's or an admin's; a pending payment is checked with Stripe first."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: PaymentSerializer})
    def get(self, request, pk):
        payments = Payment.objects.select_related("order")
        if not request.user.is_staff:
            payments = payments.filter(payer=request.user)
        payment = get_object_or_404(payments, pk=pk)
        if payment.status == Payment.PENDING and payment.intent_id:
            try:
                payment = sync_payment(payment)
            except gateway.GatewayError:
                pass  # answer with what we know; the reconciler settles it later
        return Response(PaymentSerializer(payment).data)
