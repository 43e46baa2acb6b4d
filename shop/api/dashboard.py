"""The admins' figures over the API: the headline numbers, the three totals, and a figure over time.

Every number is read from `shop.marketplace.figures`, where each is defined once (in words, in its
docstring) for the studio's Marketplace dashboard, Oscar's /dashboard/ and this API alike, so no two
screens disagree. This module only reads the request's period and metric and writes the answer.

The totals (people, orders, live artworks) are always all-time counts, so `dashboard/` and the
`dashboard/total-*` paths agree; `?from=&to=` limits the period's sums (sales, platform revenue, orders
placed and paid, new buyers and artists). Without them the period is all time: from the first day
anything was recorded to today.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from oscar.core.loading import get_model
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.marketplace import figures
from shop.marketplace.models import LedgerEntry, PlatformRevenue

from .earnings import money_field
from .marketplace import is_admin

Order = get_model("order", "Order")

# More points than this and a chart is unreadable and the query pointless: two years of days.
MAX_POINTS = 731


class IsAdmin(permissions.BasePermission):
    message = "Only admins see the marketplace's figures."

    def has_permission(self, request, view):
        return is_admin(request.user)


# --- the request's period ------------------------------------------------------------------------


def first_recorded_day() -> date:
    """The first day (in TIME_ZONE) anything a period sums was recorded: an order, a ledger entry,
    platform revenue or a registration; today on an empty marketplace.

    "All time" is a period from that day: the demo's orders and tests' backdated records predate
    their users' registrations, so no single table's first row will do. Four MIN queries, whatever the size
    (on indexed columns but the users' `date_joined`).
    """
    firsts = [
        Order.objects.aggregate(first=Min("date_placed"))["first"],
        LedgerEntry.objects.aggregate(first=Min("created_at"))["first"],
        PlatformRevenue.objects.aggregate(first=Min("booked_at"))["first"],
        get_user_model().objects.aggregate(first=Min("date_joined"))["first"],
    ]
    today = timezone.localdate()
    return min([timezone.localdate(first) for first in firsts if first is not None] + [today])


def period_asked(request, *, all_time_by_default: bool) -> figures.Period:
    """The period `?from=&to=` (or `?period=`) names; without them all time or the last 30 days.

    Garbage, `to` before `from`, a `from` in the future or more than five years: a 400 saying which.
    """
    params = request.query_params
    try:
        if all_time_by_default and not any(params.get(name) for name in ("from", "to", "period")):
            return figures.Period(first_recorded_day(), timezone.localdate())
        return figures.period_from_params(params)
    except figures.PeriodInvalid as wrong:
        raise ValidationError({"detail": str(wrong)}) from wrong
    except (ValueError, OverflowError) as wrong:
        # Days at the ends of the calendar (year 1, 9999-12-31) break date arithmetic: still the caller's input.
        raise ValidationError({"detail": "That period cannot be used: choose days nearer today."}) from wrong


PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="The period's first day (YYYY-MM-DD, in TIME_ZONE)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="The period's last day, included; default today."),
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=["7d", "30d", "90d", "12m"],
        description="Instead of from/to: the last 7, 30 or 90 days, or 12 whole months up to today.",
    ),
]


# --- dashboard/ ----------------------------------------------------------------------------------


class FiguresPeriodSerializer(serializers.Serializer):
    # A Period as `{from, to}`: "from" is a Python keyword, so the fields cannot be class attributes.
    def get_fields(self):
        return {
            "from": serializers.DateField(source="start", help_text="The first day, in TIME_ZONE."),
            "to": serializers.DateField(source="end", help_text="The last day, included."),
        }


class PlatformRevenueSerializer(serializers.Serializer):
    fees = money_field(help_text="Fees on sales, less fees given back on refunds.")
    subscriptions = money_field(help_text="Artists' plan subscriptions, less refunds.")
    featuring = money_field(help_text="Paid featured listings, less refunds.")
    total = money_field(help_text="fees + subscriptions + featuring.")


class DashboardSerializer(serializers.Serializer):
    period = FiguresPeriodSerializer(help_text="The days the sums cover; all time when no period was asked for.")
    currency = serializers.CharField()
    total_users = serializers.IntegerField(help_text="Registered active users: buyers, artists and staff.")
    total_artists = serializers.IntegerField(help_text="Approved artists.")
    total_buyers = serializers.IntegerField(help_text="Active users who are neither artists nor staff.")
    total_orders = serializers.IntegerField(help_text="Orders ever placed, in every status.")
    total_products = serializers.IntegerField(help_text="Live artworks.")
    gross_sales = money_field(help_text="Artwork sales booked in the period (not delivery) less its refunds.")
    platform_revenue = PlatformRevenueSerializer()
    orders_placed = serializers.IntegerField(help_text="Orders placed in the period, in every status.")
    orders_paid = serializers.IntegerField(help_text="Orders whose sale was booked in the period.")
    average_order_value = money_field(help_text="gross_sales / orders_paid; 0.00 without paid orders.")
    new_buyers = serializers.IntegerField(help_text="Buyers (neither artists nor staff) registered in the period.")
    new_artists = serializers.IntegerField(help_text="Artists approved in the period.")


# What `figures.headline` gives for the period, passed through as it is.
PERIOD_NUMBERS = (
    "gross_sales",
    "platform_revenue",
    "orders_placed",
    "orders_paid",
    "average_order_value",
    "new_buyers",
    "new_artists",
)


class DashboardView(APIView):
    """GET dashboard/: the marketplace's headline numbers, over all time or `?from=&to=`."""

    permission_classes = [IsAdmin]

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: DashboardSerializer})
    def get(self, request):
        period = period_asked(request, all_time_by_default=True)
        headline = figures.headline(period)
        numbers = {
            "period": period,
            "currency": headline["currency"],
            "total_users": figures.total_users(),
            "total_artists": figures.total_artists(),
            "total_buyers": figures.total_buyers(),
            "total_orders": figures.total_orders(),
            "total_products": figures.total_products(),
            **{name: headline[name] for name in PERIOD_NUMBERS},
        }
        return Response(DashboardSerializer(numbers).data)


# --- dashboard/total-*/ --------------------------------------------------------------------------


class TotalSerializer(serializers.Serializer):
    total = serializers.IntegerField()


class TotalView(APIView):
    """A GET answering `{total}`: one all-time count, for admins only."""

    permission_classes = [IsAdmin]
    figure = None  # the count, from shop.marketplace.figures

    @extend_schema(responses={200: TotalSerializer})
    def get(self, request):
        return Response({"total": type(self).figure()})


class TotalUsersView(TotalView):
    """GET dashboard/total-users/: registered active users (buyers, artists and staff)."""

    figure = staticmethod(figures.total_users)


class TotalOrdersView(TotalView):
    """GET dashboard/total-orders/: orders ever placed, in every status (unpaid and cancelled too)."""

    figure = staticmethod(figures.total_orders)


class TotalProductsView(TotalView):
    """GET dashboard/total-products/: live artworks (hidden ones and those of suspended artists not)."""

    figure = staticmethod(figures.total_products)


# --- dashboard/series/ ---------------------------------------------------------------------------


class SeriesQuerySerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=figures.METRICS)
    interval = serializers.ChoiceField(choices=figures.INTERVALS, default="day")


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": r"^-?\d+\.\d{2}$", "description": "money"},
            {"type": "integer", "description": "a count"},
        ]
    }
)
class FigureValueField(serializers.Field):
    """Money as a two-place decimal string (the API's money), a count as an integer."""

    def to_representation(self, value):
        return value if isinstance(value, int) else f"{value:.2f}"


class SeriesPointSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="The first day of the day, week (Monday) or month.")
    value = FigureValueField(help_text="Money metrics: a decimal string; counts: an integer.")


def points_in(period: figures.Period, interval: str) -> int:
    """How many buckets a series over `period` has: the days, or the weeks or months it touches."""
    if interval == "day":
        return period.days
    if interval == "week":
        first_monday = period.start - timedelta(days=period.start.weekday())
        return (period.end - first_monday).days // 7 + 1
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


class SeriesView(APIView):
    """GET dashboard/series/: one figure per day, week or month of a period, every bucket present."""

    permission_classes = [IsAdmin]

    @extend_schema(
        parameters=[SeriesQuerySerializer, *PERIOD_PARAMETERS],
        responses={200: SeriesPointSerializer(many=True)},
        description=(
            "Money metrics (gross_sales, fees, subscriptions, featuring, platform_revenue) are decimal "
            "strings, counts are integers. Without from/to: the last 30 days. At most "
            f"{MAX_POINTS} points: a longer run of days needs interval=week or month."
        ),
    )
    def get(self, request):
        asked = SeriesQuerySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        metric, interval = asked.validated_data["metric"], asked.validated_data["interval"]
        period = period_asked(request, all_time_by_default=False)
        if points_in(period, interval) > MAX_POINTS:
            too_many = (
                f"Too many points: at most {MAX_POINTS} {interval}s. Choose a longer interval or a shorter period."
            )
            raise ValidationError({"interval": [too_many]})
        points = figures.series(metric, period=period, interval=interval)
        return Response(SeriesPointSerializer(points, many=True).data)
