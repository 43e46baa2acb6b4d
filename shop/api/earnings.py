"""GET artist/earnings/: an artist's balances and, a page at a time, the ledger entries they are sums of."""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from shop.marketplace import ledger
from shop.marketplace.models import LedgerEntry

from .marketplace import ARTIST_PARAMETER, artist_in_question

ZERO = Decimal("0.00")


def money_field(**kwargs) -> serializers.DecimalField:
    """Money as the API writes it: a decimal string with two places."""
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class ArtworkReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


def columns_of(entry: LedgerEntry) -> tuple[Decimal, Decimal, Decimal]:
    """An entry as a statement row (gross, fee, net), so that gross − fee = net on every row and every sum.

    Only fee entries have a fee (the platform's, shown positive; a fee given back is negative); every
    other entry moves the artist's money with no fee, so its gross is its net.
    """
    amount = entry.amount
    if entry.kind in (LedgerEntry.FEE, LedgerEntry.FEE_REVERSAL):
        return ZERO, -amount + ZERO, amount
    return amount, ZERO, amount


class LedgerEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(source="created_at")
    kind = serializers.ChoiceField(choices=LedgerEntry.KIND_CHOICES)
    order = serializers.CharField(source="order.number", allow_null=True, help_text="The order's number.")
    artwork = serializers.SerializerMethodField(
        help_text="The artwork sold; null for delivery, payouts and adjustments."
    )
    description = serializers.CharField()
    gross = serializers.SerializerMethodField(help_text="The sale's (or refund's) amount; 0.00 on fee rows.")
    fee = serializers.SerializerMethodField(help_text="The platform's fee (negative when given back).")
    net = serializers.SerializerMethodField(help_text="What the entry adds to (or takes from) the artist: gross − fee.")
    fee_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        allow_null=True,
        help_text="The rate fixed when the order was paid (0.15 = 15%).",
    )
    currency = serializers.CharField()

    @extend_schema_field(ArtworkReferenceSerializer(allow_null=True))
    def get_artwork(self, entry):
        line = entry.line
        if line is None or entry.is_shipping or line.product_id is None:
            return None
        return {"id": line.product_id, "title": line.title}

    @extend_schema_field(money_field())
    def get_gross(self, entry) -> str:
        return f"{columns_of(entry)[0]:.2f}"

    @extend_schema_field(money_field())
    def get_fee(self, entry) -> str:
        return f"{columns_of(entry)[1]:.2f}"

    @extend_schema_field(money_field())
    def get_net(self, entry) -> str:
        return f"{columns_of(entry)[2]:.2f}"


class EarningsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    available = money_field(help_text="Delivered, past the hold: paid in the next batch.")
    pending = money_field(help_text="Paid orders not yet delivered, or delivered less than the hold ago.")
    paid_out = money_field(help_text="Payouts the bank has paid.")
    in_payout = money_field(help_text="Payouts on their way.")
    count = serializers.IntegerField(help_text="Entries in all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    entries = LedgerEntrySerializer(many=True, help_text="This page of the ledger, newest first.")


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="A page number within the entries."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Entries per page (at most 100)."),
]


class EarningsView(GenericAPIView):
    """GET artist/earnings/: the artist's balances and, a page at a time, the ledger they are sums of."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[ARTIST_PARAMETER, *PAGE_PARAMETERS], responses={200: EarningsSerializer})
    def get(self, request):
        artist = artist_in_question(request)
        currency = settings.OSCAR_DEFAULT_CURRENCY
        entries = (
            ledger.entries_in(currency)
            .filter(artist=artist)
            .select_related("order", "line")
            .order_by("-created_at", "-pk")
        )
        page = self.paginate_queryset(entries)
        balances = ledger.balances_of(artist, currency=currency)
        earnings = {
            "currency": currency,
            **{name: balances[name] for name in ("available", "pending", "paid_out", "in_payout")},
            "count": self.paginator.page.paginator.count,
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "entries": page,
        }
        return Response(EarningsSerializer(earnings).data)
