"""An artist's statement as the studio shows it: ledger entries read back as rows a person follows.

The ledger books a sale and its fee as two entries (and a refund and its fee reversal as two
more); an artist thinks of one sold line with a gross, a fee and a net. So the page lists every
entry except fees and fee reversals, and each sale or refund row carries its companion entry,
found by the booking's `source` (".../line:34/sale" goes with ".../line:34/fee"). The companions
of a whole page are read in one query, so the page costs the same however many rows it shows.

The CSV is the other way round: every entry, one row each, for an accountant to sum.
"""

import csv
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from ..models import LedgerEntry, Payout
from ..payouts import spreadsheet_text

# Entries folded into the row of another: a fee into its sale, a fee reversal into its refund.
FOLDED_KINDS = (LedgerEntry.FEE, LedgerEntry.FEE_REVERSAL)
COMPANION_KINDS = {
    LedgerEntry.SALE: (LedgerEntry.FEE, LedgerEntry.REFUND),
    LedgerEntry.REFUND: (LedgerEntry.FEE_REVERSAL,),
}
PENDING, AVAILABLE = "pending", "available"


def as_percent(rate) -> str:
    """0.125 → "12.5%": rates are stored as fractions and read as percentages."""
    value = (Decimal(rate) * 100).quantize(Decimal("0.01")).normalize()
    return f"{value:f}%"


@dataclass(frozen=True)
class StatementRow:
    """One row of the Earnings page: a sold line with its fee, a delivery share, a refund, a payout, an adjustment."""

    entry: LedgerEntry
    label: str
    gross: Decimal | None
    fee: Decimal | None
    rate: str
    net: Decimal
    state: str  # pending / available for sale-side rows; the payout's status for payouts; "" otherwise
    available_from: datetime | None
    refunded: bool

    @property
    def artwork(self) -> str:
        line = self.entry.line
        if line is None or self.entry.is_shipping:
            return ""
        return f"{line.quantity} × {line.title}" if line.quantity > 1 else line.title


def entries_for_page(artist, currency: str):
    """The entries the Earnings page lists, newest first (fees ride along with their sales)."""
    return (
        LedgerEntry.objects.filter(artist=artist, currency=currency)
        .exclude(kind__in=FOLDED_KINDS)
        .select_related("order", "line__payable", "payout")
        .order_by("-created_at", "-pk")
    )


def _booking(entry: LedgerEntry) -> str:
    return entry.source.rsplit("/", 1)[0]


def statement_rows(entries, *, now: datetime) -> list[StatementRow]:
    """Rows for one page of entries; their companions (fees, refunds) in one query."""
    entries = list(entries)
    wanted = [
        f"{_booking(entry)}/{kind}"
        for entry in entries
        if entry.line_id is not None
        for kind in COMPANION_KINDS.get(entry.kind, ())
    ]
    companions = {entry.source: entry for entry in LedgerEntry.objects.filter(source__in=wanted)} if wanted else {}
    return [_row(entry, companions, now) for entry in entries]


def _available_from(line):
    try:
        return line.payable.available_from
    except ObjectDoesNotExist:  # not delivered yet
        return None


def _row(entry, companions, now) -> StatementRow:
    fee_entry, refunded, state, available_from = None, False, "", None
    if entry.line_id is not None:
        fee_kind = LedgerEntry.FEE if entry.kind == LedgerEntry.SALE else LedgerEntry.FEE_REVERSAL
        fee_entry = None if entry.is_shipping else companions.get(f"{_booking(entry)}/{fee_kind}")
        refunded = entry.kind == LedgerEntry.SALE and f"{_booking(entry)}/{LedgerEntry.REFUND}" in companions
        available_from = _available_from(entry.line)
        state = AVAILABLE if available_from is not None and available_from <= now else PENDING
    elif entry.payout_id is not None:
        state = entry.payout.status
    # The fee is shown as the platform took it (positive), or gave it back (negative) on a refund.
    fee = -fee_entry.amount if fee_entry is not None else None
    is_line_money = entry.kind in COMPANION_KINDS and not entry.is_shipping
    return StatementRow(
        entry=entry,
        label=_label(entry),
        gross=entry.amount if is_line_money else None,
        fee=fee if is_line_money else None,
        rate=as_percent(entry.fee_rate) if is_line_money and entry.fee_rate is not None else "",
        net=entry.amount - (fee or 0) if is_line_money else entry.amount,
        state=state,
        available_from=available_from,
        refunded=refunded,
    )


def _label(entry: LedgerEntry) -> str:
    if entry.is_shipping:
        return "Delivery charge" if entry.kind == LedgerEntry.SALE else "Delivery charge refunded"
    if entry.kind == LedgerEntry.PAYOUT and entry.amount > 0:
        return "Payout returned"
    return entry.get_kind_display()


# --- the CSV -------------------------------------------------------------------------------------

CSV_HEADER = ["date", "kind", "order", "artwork", "description", "gross", "fee", "net", "currency"]


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


# A spreadsheet runs a cell that starts with one of these as a formula; titles are typed by artists.
def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def statement_csv_lines(artist):
    """Every ledger entry of `artist`, oldest first, as CSV lines.

    `net` is what the entry adds to (or takes from) the balance, so the column sums to it; `gross`
    is the line's price × quantity on sale-side entries; `fee` is the platform's fee on a fee entry
    (negative on a fee reversal: given back).
    """
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    entries = (
        LedgerEntry.objects.filter(artist=artist).select_related("order", "line", "payout").order_by("created_at", "pk")
    )
    for entry in entries.iterator(chunk_size=500):
        is_fee = entry.kind in FOLDED_KINDS
        yield writer.writerow(
            [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.kind,
                entry.order.number if entry.order_id else "",
                spreadsheet_text(entry.line.title) if entry.line_id and not entry.is_shipping else "",
                spreadsheet_text(_csv_description(entry)),
                _money(entry.gross),
                _money(-entry.amount) if is_fee else "",
                _money(entry.amount),
                entry.currency,
            ]
        )


def _csv_description(entry: LedgerEntry) -> str:
    if entry.payout_id is not None and entry.payout.status == Payout.PAID and entry.payout.reference:
        return f"{entry.description} (bank reference {entry.payout.reference})"
    return entry.description
