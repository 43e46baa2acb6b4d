"""The artists' money: the marketplace settings, negotiated rates, the artists' ledger and payouts.

The ledger is the record: every balance an artist or an admin sees is a sum over `LedgerEntry`
rows, which are only ever added (a mistake is corrected by another entry, never by an edit).
Amounts are Decimal with two places, signed from the artist's side: a sale credits the artist,
the platform's fee and a payout debit them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

RATE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.9999"))]
RATE_HELP = "A fraction of the line's price: 0.15 is 15%."


def money_field(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


def non_negative_money(default: str, help_text: str):
    return models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=help_text,
    )


@register_setting(icon="cog")
class MarketplaceSettings(BaseGenericSetting):
    """What the platform charges and when artists are paid; admins edit it in the studio's Settings."""

    default_fee_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.15"),
        validators=RATE_VALIDATORS,
        help_text=f"The platform's fee on each sold artwork unless the artist has a negotiated rate. {RATE_HELP}",
    )
    minimum_fee = non_negative_money("0.50", "The least fee taken on one order line (never more than the line).")
    featuring_fee = non_negative_money("5.00", "What an artist pays to feature an artwork without a plan credit.")
    featuring_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)], help_text="How long a featuring lasts."
    )
    payout_hold_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MaxValueValidator(365)],
        help_text="Days after delivery before a sale's earnings can be paid out (time for returns and disputes).",
    )
    minimum_payout = non_negative_money(
        "20.00", "Artists whose available balance is below this wait for the next batch."
    )

    panels = [
        MultiFieldPanel([FieldPanel("default_fee_rate"), FieldPanel("minimum_fee")], heading="Fees on sales"),
        MultiFieldPanel([FieldPanel("featuring_fee"), FieldPanel("featuring_days")], heading="Featured listings"),
        MultiFieldPanel([FieldPanel("payout_hold_days"), FieldPanel("minimum_payout")], heading="Payouts"),
    ]

    class Meta:
        verbose_name = "marketplace settings"
        verbose_name_plural = "marketplace settings"

    EDITABLE = (
        "default_fee_rate",
        "minimum_fee",
        "featuring_fee",
        "featuring_days",
        "payout_hold_days",
        "minimum_payout",
    )

    def snapshot(self) -> dict:
        """The editable values as strings, for the audit trail."""
        return {name: str(getattr(self, name)) for name in self.EDITABLE}


class NegotiatedRate(models.Model):
    """A fee rate an admin agreed with one artist; it wins over the plan's rate (and the default)."""

    artist = models.OneToOneField("artists.Artist", on_delete=models.CASCADE, related_name="negotiated_rate")
    fee_rate = models.DecimalField(max_digits=5, decimal_places=4, validators=RATE_VALIDATORS, help_text=RATE_HELP)
    note = models.CharField(max_length=255, blank=True, help_text="Why, for the next admin.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.artist}: {self.fee_rate:%}"


class SettingsChange(models.Model):
    """Who changed which marketplace terms, when, from what to what (append-only)."""

    subject = models.CharField(max_length=200)
    changes = models.JSONField(help_text='{"field": ["before", "after"]}')
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.subject} changed by {self.changed_by} at {self.changed_at:%Y-%m-%d %H:%M}"


class AppendOnly(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Ledger entries are never changed: book a correcting entry instead.")

    def delete(self):
        raise TypeError("Ledger entries are never deleted: book a correcting entry instead.")


class LedgerEntry(models.Model):
    """One movement of an artist's money. Unique per source, so nothing is ever booked twice."""

    SALE, FEE, REFUND, FEE_REVERSAL, PAYOUT, ADJUSTMENT = (
        "sale",
        "fee",
        "refund",
        "fee_reversal",
        "payout",
        "adjustment",
    )
    KIND_CHOICES = [
        (SALE, "Sale"),
        (FEE, "Platform fee"),
        (REFUND, "Refund"),
        (FEE_REVERSAL, "Fee reversed"),
        (PAYOUT, "Payout"),
        (ADJUSTMENT, "Adjustment"),
    ]

    artist = models.ForeignKey("artists.Artist", on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES, db_index=True)
    amount = money_field(help_text="Signed, from the artist's side: + credits them, − debits them.")
    currency = models.CharField(max_length=3)
    source = models.CharField(max_length=191, unique=True, help_text="What booked it, e.g. payment:12/line:34/sale.")
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    line = models.ForeignKey(
        "order.Line",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        help_text="The order line whose delivery makes this entry payable.",
    )
    payment = models.ForeignKey("payment.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    payout = models.ForeignKey(
        "marketplace.Payout", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    is_shipping = models.BooleanField(default=False, help_text="The artist's share of the delivery charge (no fee).")
    gross = money_field(null=True, blank=True, help_text="Sale and fee entries: the line's price × quantity.")
    fee_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["artist", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} {self.currency} for {self.artist_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Ledger entries are never changed: book a correcting entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Ledger entries are never deleted: book a correcting entry instead.")


class PayableLine(models.Model):
    """When a delivered line's earnings become available: its delivery plus the hold in force then.

    Fixed at delivery, like the fee at payment, so raising the hold later never turns money
    already available (or paid out) back into pending.
    """

    line = models.OneToOneField("order.Line", on_delete=models.PROTECT, related_name="payable")
    available_from = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Line {self.line_id} payable from {self.available_from:%Y-%m-%d}"


class PayoutBatch(models.Model):
    """One run of payouts: every artist owed at least the minimum, handed to a payout provider."""

    provider = models.CharField(max_length=40, help_text="Who moves the money, e.g. manual (bank CSV).")
    currency = models.CharField(max_length=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "payout batches"

    def __str__(self):
        return f"Payout batch {self.pk} ({self.created_at:%Y-%m-%d})"


class Payout(models.Model):
    """Money owed to one artist in a batch: processing until an admin marks it paid or failed."""

    PROCESSING, PAID, FAILED = "processing", "paid", "failed"
    STATUS_CHOICES = [(PROCESSING, "Processing"), (PAID, "Paid"), (FAILED, "Failed")]

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="payouts")
    artist = models.ForeignKey("artists.Artist", on_delete=models.PROTECT, related_name="payouts")
    amount = money_field()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=PROCESSING, db_index=True)
    reference = models.CharField(max_length=100, blank=True, help_text="The bank's or provider's reference.")
    failure_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "artist"], name="payout_one_per_artist_per_batch"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self):
        return f"Payout {self.pk}: {self.amount} {self.currency} to {self.artist} ({self.status})"

    @property
    def statement_reference(self) -> str:
        """What the artist sees on their bank statement; stable, so the CSV can be re-downloaded."""
        return f"ARTIQO PAYOUT {self.pk:06d}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": "A payout is a positive amount."})
