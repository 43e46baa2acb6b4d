"""Booking the artists' money, and reading balances back as sums over the ledger.

Bookings happen inside the payment's own transaction, under its row lock (shop/payment/services
sends `payment_completed` / `payment_refunded` there), so a sale is booked exactly when the order
becomes paid and rolled back with it. Every entry carries a unique `source`
(payment + line + kind), so a webhook delivered twice, the reconciler and a concurrent cancel
meeting on one payment can never book anything twice: the second insert is refused and skipped.

Balances (API.md "Money rules"):
- **pending**: sale-side entries of lines not delivered, or delivered less than the hold ago (the
  moment is fixed at delivery in `PayableLine`, so a later change of the hold moves nothing);
- **available**: everything else (delivered and past the hold, adjustments, payouts);
- **paid out** / **in payout**: payouts marked paid / still processing.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .fees import PENNY, fee_for, fee_rate_for
from .models import LedgerEntry, MarketplaceSettings, PayableLine, Payout

ZERO = Decimal("0.00")
SALE_SIDE = (LedgerEntry.SALE, LedgerEntry.FEE, LedgerEntry.REFUND, LedgerEntry.FEE_REVERSAL)


class AdjustmentRefused(Exception):
    """An adjustment that would leave the artist's available balance below zero."""


def book(**fields) -> LedgerEntry | None:
    """Add one entry unless its source is already booked; returns it, or None for a repeat."""
    if LedgerEntry.objects.filter(source=fields["source"]).exists():
        return None
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(**fields)
    except IntegrityError:  # booked by a concurrent transaction a moment ago
        return None


def _lock(payment) -> None:
    """Take the payment's row lock, which the payment services already hold when they book (so a no-op there).

    Any other caller then waits its turn and finds the entries booked, instead of racing inserts into
    the unique `source` index, which MariaDB can answer with a deadlock rather than a duplicate key.
    """
    type(payment).objects.select_for_update().filter(pk=payment.pk).values_list("pk", flat=True).first()


def _artist_of(line):
    partner = line.partner
    return getattr(partner, "artist", None) if partner is not None else None


def book_paid_order(payment) -> list[LedgerEntry]:
    """The order `payment` paid: for each line a sale and its fee, and each artist's delivery share.

    The fee is fixed here, at the artist's rate of this moment; nothing later changes it.
    """
    _lock(payment)
    order = payment.order
    terms = MarketplaceSettings.load()
    lines = [line for line in order.lines.select_related("partner__artist").order_by("pk") if _artist_of(line)]
    booked, rates, first_line_of = [], {}, {}
    for line in lines:
        artist = _artist_of(line)
        if artist.pk not in rates:
            rates[artist.pk] = fee_rate_for(artist, terms)
            first_line_of[artist.pk] = line
        fee = fee_for(line.line_price_incl_tax, rate=rates[artist.pk], minimum=terms.minimum_fee)
        common = {
            "artist": artist,
            "currency": payment.currency,
            "order": order,
            "line": line,
            "payment": payment,
            "gross": fee.gross,
            "fee_rate": fee.rate,
        }
        booked.append(
            book(
                kind=LedgerEntry.SALE,
                amount=fee.gross,
                source=f"payment:{payment.pk}/line:{line.pk}/sale",
                description=f"{line.quantity} × {line.title}",
                **common,
            )
        )
        booked.append(
            book(
                kind=LedgerEntry.FEE,
                amount=-fee.fee,
                source=f"payment:{payment.pk}/line:{line.pk}/fee",
                description=f"Platform fee at {fee.rate * 100:.2f}%",
                **common,
            )
        )
    for artist_pk, share in _shipping_shares(order, list(first_line_of)).items():
        line = first_line_of[artist_pk]
        booked.append(
            book(
                kind=LedgerEntry.SALE,
                amount=share,
                source=f"payment:{payment.pk}/shipping:{artist_pk}/sale",
                artist=_artist_of(line),
                currency=payment.currency,
                order=order,
                line=line,  # paid out once the artist's first line of the order is delivered
                payment=payment,
                is_shipping=True,
                description="Delivery charge (no fee)",
            )
        )
    return [entry for entry in booked if entry is not None]


def _shipping_shares(order, artist_pks: list[int]) -> dict[int, Decimal]:
    """Delivery is a flat rate per artist; split the order's charge evenly, pennies to the first artists."""
    total = order.shipping_incl_tax or ZERO
    if not artist_pks or total <= 0:
        return {}
    pennies = int(total * 100)
    each, extra = divmod(pennies, len(artist_pks))
    return {pk: Decimal(each + (index < extra)) / 100 for index, pk in enumerate(artist_pks)}


def book_refund(payment) -> list[LedgerEntry]:
    """`payment` was refunded: reverse each sale it booked (a refund) and each fee (a fee reversal)."""
    _lock(payment)
    booked = []
    for entry in LedgerEntry.objects.filter(payment=payment, kind__in=(LedgerEntry.SALE, LedgerEntry.FEE)).order_by(
        "pk"
    ):
        kind = LedgerEntry.REFUND if entry.kind == LedgerEntry.SALE else LedgerEntry.FEE_REVERSAL
        booked.append(
            book(
                kind=kind,
                amount=-entry.amount,
                source=entry.source.rsplit("/", 1)[0] + f"/{kind}",
                artist_id=entry.artist_id,
                currency=entry.currency,
                order_id=entry.order_id,
                line_id=entry.line_id,
                payment=payment,
                is_shipping=entry.is_shipping,
                gross=entry.gross,
                fee_rate=entry.fee_rate,
                description="Refunded to the buyer" if kind == LedgerEntry.REFUND else "Fee given back",
            )
        )
    return [entry for entry in booked if entry is not None]


# --- balances ----------------------------------------------------------------------------------


def fix_payable_moment(line) -> None:
    """A line was just delivered: its earnings become available after the hold in force now."""
    terms = MarketplaceSettings.load()
    available_from = (line.delivered_at or timezone.now()) + timedelta(days=terms.payout_hold_days)
    PayableLine.objects.get_or_create(line=line, defaults={"available_from": available_from})


def _sum(condition: Q):
    return Coalesce(Sum("amount", filter=condition), Value(ZERO))


def balance_sums(now=None) -> dict:
    """The aggregate expressions of the balances, for `.aggregate()` or `.values(...).annotate()`."""
    sale_side = Q(line__isnull=False)
    matured = Q(line__payable__available_from__lte=now or timezone.now())
    return {
        "pending": _sum(sale_side & ~matured),
        "available": _sum(~sale_side | matured),
        "paid_out": _sum(Q(kind=LedgerEntry.PAYOUT, payout__status=Payout.PAID)),
        "in_payout": _sum(Q(kind=LedgerEntry.PAYOUT, payout__status=Payout.PROCESSING)),
        "fees": _sum(Q(kind__in=(LedgerEntry.FEE, LedgerEntry.FEE_REVERSAL))),
    }


def _tidy(row: dict) -> dict:
    """Payouts and fees are debits in the ledger; shown as positive amounts."""
    signs = {"pending": 1, "available": 1, "paid_out": -1, "in_payout": -1, "fees": -1}
    return {name: (sign * Decimal(row[name])).quantize(PENNY) + ZERO for name, sign in signs.items()}


def entries_in(currency: str | None = None):
    return LedgerEntry.objects.filter(currency=currency or settings.OSCAR_DEFAULT_CURRENCY)


def balances_of(artist, *, now=None, currency: str | None = None) -> dict:
    """One artist's pending, available, paid out and in-payout sums (and fees paid), in one query."""
    row = entries_in(currency).filter(artist=artist).aggregate(**balance_sums(now))
    return _tidy(row)


def balances_by_artist(*, now=None, currency: str | None = None) -> dict[int, dict]:
    """Every artist with entries → their balances; one grouped query, however many artists."""
    rows = entries_in(currency).order_by().values("artist_id").annotate(**balance_sums(now))
    return {row["artist_id"]: _tidy(row) for row in rows}


def platform_fees(*, currency: str | None = None, since=None) -> Decimal:
    """Fees the platform has earned (fees taken less fees given back), optionally since a moment."""
    entries = entries_in(currency).filter(kind__in=(LedgerEntry.FEE, LedgerEntry.FEE_REVERSAL))
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    return (-Decimal(entries.aggregate(total=_sum(Q()))["total"])).quantize(PENNY) + ZERO


@transaction.atomic
def adjust(*, artist, amount: Decimal, reason: str, user, currency: str | None = None) -> LedgerEntry:
    """An admin's correction: credits (+) or debits (−) the artist's available balance, with a reason.

    Under the artist's row lock, like payouts, so a debit never takes the balance below zero.
    """
    from artists.models import Artist

    reason = (reason or "").strip()
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if not reason:
        raise AdjustmentRefused("Say why: every adjustment carries its reason.")
    if amount == 0:
        raise AdjustmentRefused("An adjustment of zero changes nothing.")
    Artist.objects.select_for_update().get(pk=artist.pk)
    available = balances_of(artist, currency=currency)["available"]
    if amount < 0 and available + amount < 0:
        raise AdjustmentRefused(f"{artist} has only {available} available: a debit cannot take it below zero.")
    return LedgerEntry.objects.create(
        artist=artist,
        kind=LedgerEntry.ADJUSTMENT,
        amount=amount,
        currency=currency or settings.OSCAR_DEFAULT_CURRENCY,
        source=f"adjustment:{uuid.uuid4()}",
        description=reason[:255],
        created_by=user,
    )
