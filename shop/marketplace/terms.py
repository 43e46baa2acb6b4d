"""Changing the marketplace's terms — its settings and artists' negotiated rates — on the record.

Every change, from the studio or the API, goes through here and leaves a `SettingsChange` row
saying who changed what from what to what, and when. A rate change never touches a sale already
booked: fees are fixed when the order is paid (ledger.py).
"""

from decimal import Decimal

from django.db import transaction

from .models import MarketplaceSettings, NegotiatedRate, SettingsChange

SETTINGS_SUBJECT = "Marketplace settings"


def record_change(*, subject: str, before: dict, after: dict, user) -> SettingsChange | None:
    """Write down what changed between two snapshots; None when nothing did."""
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if not changes:
        return None
    return SettingsChange.objects.create(subject=subject, changes=changes, changed_by=user)


@transaction.atomic
def update_settings(*, user, **values) -> MarketplaceSettings:
    """Apply validated `values` to the marketplace settings and record the change."""
    terms = MarketplaceSettings.objects.select_for_update().get(pk=MarketplaceSettings.load().pk)
    before = terms.snapshot()
    for name, value in values.items():
        if name not in MarketplaceSettings.EDITABLE:
            raise ValueError(f"{name} is not a marketplace setting")
        setattr(terms, name, value)
    terms.full_clean()
    terms.save()
    terms.refresh_from_db()  # "0.1" and the stored "0.1000" are one value: compare what the database holds
    record_change(subject=SETTINGS_SUBJECT, before=before, after=terms.snapshot(), user=user)
    return terms


@transaction.atomic
def set_negotiated_rate(*, artist, fee_rate: Decimal | None, user, note: str = "") -> NegotiatedRate | None:
    """Give `artist` their own fee rate, or (None) put them back on the default."""
    current = NegotiatedRate.objects.select_for_update().filter(artist=artist).first()
    before = {"fee_rate": str(current.fee_rate) if current else "default"}
    if fee_rate is None:
        if current is not None:
            current.delete()
        result = None
    else:
        result = current or NegotiatedRate(artist=artist)
        result.fee_rate, result.note, result.set_by = Decimal(fee_rate), note.strip(), user
        result.full_clean()
        result.save()
        result.refresh_from_db()  # "0.1" as typed and the stored "0.1000" are one rate
    after = {"fee_rate": str(result.fee_rate) if result else "default"}
    record_change(subject=f"Fee rate of {artist}", before=before, after=after, user=user)
    return result
