"""Paying artists what they are owed: payout batches, their bank CSV, and marking payouts paid or failed.

A batch pays every approved artist whose available balance has reached the minimum payout, all
of it, in one payout each, debited in the ledger at once (so it is not available twice). Batches
run one at a time: the run holds the marketplace settings' row lock, so a second run started
meanwhile waits and then finds nothing left to pay; and it holds the row locks of the artists it
pays, which an admin's debit (`ledger.adjust`) also takes, so the two never spend one balance twice.
The money itself moves through a provider
(`providers.py`); with the manual provider an admin pays from the CSV and marks each payout paid,
or failed — which books the amount back to the artist's available balance.
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from artists.models import Artist

from . import providers
from .ledger import balances_by_artist
from .models import LedgerEntry, MarketplaceSettings, Payout, PayoutBatch


class IllegalPayoutChange(Exception):
    """A paid payout cannot fail, nor a failed one be paid (the API answers 409)."""


def payable_now(*, terms: MarketplaceSettings, balances: dict | None = None, now=None) -> list[tuple[Artist, Decimal]]:
    """Who a batch run now pays, and how much: approved artists whose available balance reaches the minimum.

    Suspended artists' money waits until they are reinstated (a suspension may be for fraud).
    `balances` (from ledger.balances_by_artist) saves the query when the caller has them already.
    """
    if balances is None:
        balances = balances_by_artist(now=now, currency=settings.OSCAR_DEFAULT_CURRENCY)
    minimum = max(terms.minimum_payout, Decimal("0.01"))
    owed = {pk: sums["available"] for pk, sums in balances.items() if sums["available"] >= minimum}
    if not owed:
        return []
    return [(artist, owed[artist.pk]) for artist in Artist.objects.approved().filter(pk__in=owed).order_by("pk")]


@transaction.atomic
def run_payout_batch(*, user, now=None) -> PayoutBatch | None:
    """Pay every artist owed at least the minimum; None when nobody is (nothing is written)."""
    terms = MarketplaceSettings.objects.select_for_update().get(pk=MarketplaceSettings.load().pk)
    currency = settings.OSCAR_DEFAULT_CURRENCY
    payable = payable_now(terms=terms, now=now)
    if not payable:
        return None
    # An admin's debit (ledger.adjust) spends the same balance under the artist's row lock: take
    # those locks too, in pk order, and read the balances again under them.
    locking = Artist.objects.select_for_update().filter(pk__in=[artist.pk for artist, _ in payable]).order_by("pk")
    locked = set(locking.values_list("pk", flat=True))  # an artist who became payable meanwhile waits: not locked
    payable = [(artist, amount) for artist, amount in payable_now(terms=terms, now=now) if artist.pk in locked]
    if not payable:
        return None
    provider = providers.current()
    batch = PayoutBatch.objects.create(provider=provider.name, currency=currency, created_by=user)
    for artist, amount in payable:
        payout = Payout.objects.create(batch=batch, artist=artist, amount=amount, currency=currency)
        LedgerEntry.objects.create(
            artist=artist,
            kind=LedgerEntry.PAYOUT,
            amount=-payout.amount,
            currency=currency,
            source=f"payout:{payout.pk}/payout",
            payout=payout,
            description=f"Payout {payout.statement_reference}",
            created_by=user,
        )
    provider.submit(batch)
    return batch


@transaction.atomic
def mark_payout(*, payout, status: str, user, reference: str = "", reason: str = "") -> Payout:
    """Record the bank's answer: paid (with its reference), or failed (the money goes back)."""
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if status == payout.status:
        if reference and status == Payout.PAID and reference != payout.reference:
            payout.reference = reference[:100]
            payout.save(update_fields=["reference"])
        return payout
    if payout.status != Payout.PROCESSING or status not in (Payout.PAID, Payout.FAILED):
        raise IllegalPayoutChange(f"A {payout.status} payout cannot become {status}.")
    now = timezone.now()
    payout.status = status
    if reference:
        payout.reference = reference[:100]
    if status == Payout.PAID:
        payout.paid_at = now
    else:
        payout.failed_at, payout.failure_reason = now, (reason or "Failed at the bank")[:255]
        LedgerEntry.objects.create(
            artist_id=payout.artist_id,
            kind=LedgerEntry.PAYOUT,
            amount=payout.amount,
            currency=payout.currency,
            source=f"payout:{payout.pk}/returned",
            payout=payout,
            description=f"Payout {payout.statement_reference} failed: back to the available balance",
            created_by=user,
        )
    payout.save()
    return payout


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet shows as text: artists type their own names, and "=HYPERLINK(…)" must not run."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


CSV_HEADER = ["artist", "email", "amount", "currency", "reference", "payout", "status"]


def batch_csv(batch: PayoutBatch) -> str:
    """The bank's file: one row per payout (artist, amount, reference)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for payout in batch.payouts.select_related("artist__user").order_by("artist__display_name", "pk"):
        writer.writerow(
            [
                spreadsheet_text(payout.artist.display_name),
                spreadsheet_text(payout.artist.user.email),
                f"{payout.amount:.2f}",
                payout.currency,
                payout.statement_reference,
                payout.pk,
                payout.status,
            ]
        )
    return out.getvalue()
