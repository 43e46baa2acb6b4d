"""The aggregate expressions behind every money figure, so the dashboard, the API and the studio sum alike.

Ledger amounts are signed from the artist's side; the figures turn them round where the platform's
view is wanted (a fee is − to the artist and + to the platform).
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from shop.marketplace.models import LedgerEntry, PlatformRevenue

from .periods import Period

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")

# Artwork sales, less their refunds: never the artist's share of delivery.
ARTWORK_SALES = Q(kind__in=(LedgerEntry.SALE, LedgerEntry.REFUND), is_shipping=False)
FEES = Q(kind__in=(LedgerEntry.FEE, LedgerEntry.FEE_REVERSAL))
SALE_BOOKED = Q(kind=LedgerEntry.SALE, is_shipping=False)
# What the artist keeps of their artworks: sales − fees + fee reversals − refunds (delivery shares aside).
EARNINGS = Q(kind__in=(LedgerEntry.SALE, LedgerEntry.FEE, LedgerEntry.REFUND, LedgerEntry.FEE_REVERSAL)) & Q(
    is_shipping=False
)


def currency() -> str:
    return settings.OSCAR_DEFAULT_CURRENCY


def money(value) -> Decimal:
    """Quantized to the penny, and never "-0.00"."""
    return Decimal(value or 0).quantize(PENNY) + ZERO


def total(condition: Q, sign: int = 1):
    """Sum of `amount` over the rows matching `condition` (0 when none), signed."""
    summed = Coalesce(Sum("amount", filter=condition), Value(ZERO))
    return summed if sign == 1 else -summed


def orders_paid():
    """Distinct orders with an artwork sale booked among the rows: each paid order once, however many lines."""
    return Count("order_id", filter=SALE_BOOKED, distinct=True)


def ledger_in(period: Period | None = None):
    """The ledger in the marketplace's currency, booked in `period` (by `created_at`) if given."""
    entries = LedgerEntry.objects.filter(currency=currency()).order_by()
    if period is not None:
        entries = entries.filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
    return entries


def revenue_in(period: Period | None = None):
    """Subscriptions and featuring in the marketplace's currency, booked in `period` (by `booked_at`) if given."""
    revenue = PlatformRevenue.objects.filter(currency=currency()).order_by()
    if period is not None:
        revenue = revenue.filter(booked_at__gte=period.starts_at, booked_at__lt=period.ends_at)
    return revenue


SUBSCRIPTIONS = Q(kind=PlatformRevenue.SUBSCRIPTION)
FEATURING = Q(kind=PlatformRevenue.FEATURING)
