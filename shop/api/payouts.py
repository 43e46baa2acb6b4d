"""Payouts over the API: artists read their own; admins list them all, run a batch and record the bank's answer."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from shop.marketplace.models import Payout
from shop.marketplace.payouts import IllegalPayoutChange, mark_payout, run_payout_batch

from .marketplace import ARTIST_PARAMETER, IsMarketplaceAdmin, artist_in_question
from .orders import Conflict


class ArtistReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")


class PayoutSerializer(serializers.ModelSerializer):
    """One payout, as its artist and the admins see it."""

    artist = ArtistReferenceSerializer()
    batch = serializers.IntegerField(source="batch_id")
    statement_reference = serializers.CharField(help_text="What the artist's bank statement shows.")

    class Meta:
        model = Payout
        fields = [
            "id",
            "artist",
            "amount",
            "currency",
            "status",
            "created_at",
            "paid_at",
            "failed_at",
            "reference",
            "statement_reference",
            "batch",
            "failure_reason",
        ]
        read_only_fields = fields


# --- the artist's own -------------------------------------------------------------------------


class ArtistPayoutListView(GenericAPIView):
    """GET artist/payouts/: the artist's own payouts, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = PayoutSerializer

    @extend_schema(parameters=[ARTIST_PARAMETER], responses={200: PayoutSerializer(many=True)})
    def get(self, request):
        payouts = Payout.objects.filter(artist=artist_in_question(request)).select_related("artist")
        page = self.paginate_queryset(payouts.order_by("-created_at", "-pk"))
        return self.get_paginated_response(PayoutSerializer(page, many=True).data)


class ArtistPayoutView(APIView):
    """GET artist/payouts/{id}/: one of the artist's own payouts; anyone else's is a 404."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[ARTIST_PARAMETER], responses={200: PayoutSerializer})
    def get(self, request, pk):
        payouts = Payout.objects.filter(artist=artist_in_question(request)).select_related("artist")
        return Response(PayoutSerializer(get_object_or_404(payouts, pk=pk)).data)


# --- the admins' ------------------------------------------------------------------------------


class PayoutFilter(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=Payout.STATUS_CHOICES)
    artist = serializers.CharField(required=False, max_length=140, help_text="The artist's slug.")
    batch = serializers.IntegerField(required=False, min_value=1, help_text="A payout batch's id.")


class PayoutsView(GenericAPIView):
    """GET payouts/: every payout, newest first; POST: run a payout batch → the payouts it made."""

    permission_classes = [IsMarketplaceAdmin]
    serializer_class = PayoutSerializer

    @property
    def pagination_class(self):
        # GET pages; POST answers with the whole batch it just made (one payout per artist), unpaged.
        return api_settings.DEFAULT_PAGINATION_CLASS if self.request.method == "GET" else None

    @extend_schema(parameters=[PayoutFilter], responses={200: PayoutSerializer(many=True)})
    def get(self, request):
        query = PayoutFilter(data={name: value for name, value in request.query_params.items() if value.strip()})
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        payouts = Payout.objects.select_related("artist").order_by("-created_at", "-pk")
        if "status" in wanted:
            payouts = payouts.filter(status=wanted["status"])
        if "artist" in wanted:
            payouts = payouts.filter(artist__slug=wanted["artist"])
        if "batch" in wanted:
            payouts = payouts.filter(batch_id=wanted["batch"])
        page = self.paginate_queryset(payouts)
        return self.get_paginated_response(PayoutSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={
            201: OpenApiResponse(
                PayoutSerializer(many=True),
                description="The payouts of the batch just run: one per artist whose available balance reached "
                "the minimum payout; an empty list when nobody's had.",
            )
        },
    )
    def post(self, request):
        batch = run_payout_batch(user=request.user)
        payouts = batch.payouts.select_related("artist").order_by("artist__display_name", "pk") if batch else []
        return Response(PayoutSerializer(payouts, many=True).data, status=status.HTTP_201_CREATED)


class PayoutChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Payout.PAID, Payout.FAILED], help_text="Required, even in this PATCH: the bank's answer."
    )
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="The bank's reference."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255, help_text="Why it failed."
    )


class PayoutView(APIView):
    """GET, PATCH payouts/{id}/: an admin records the bank's answer; a failed payout's money goes back."""

    permission_classes = [IsMarketplaceAdmin]

    @extend_schema(responses={200: PayoutSerializer})
    def get(self, request, pk):
        return Response(PayoutSerializer(get_object_or_404(Payout.objects.select_related("artist"), pk=pk)).data)

    @extend_schema(
        request=PayoutChangeSerializer,
        responses={
            200: PayoutSerializer,
            404: OpenApiResponse(description="No such payout."),
            409: OpenApiResponse(description="A paid payout cannot fail, nor a failed one be paid."),
        },
    )
    def patch(self, request, pk):
        payout = get_object_or_404(Payout, pk=pk)
        form = PayoutChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            mark_payout(payout=payout, user=request.user, **form.validated_data)
        except IllegalPayoutChange as refused:
            raise Conflict(str(refused)) from refused
        return Response(PayoutSerializer(Payout.objects.select_related("artist").get(pk=pk)).data)
