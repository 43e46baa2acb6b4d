"""The Marketplace screens' forms: shapes and bounds only; the services in terms, ledger and payouts judge the rest."""

from decimal import Decimal

from django import forms

from ..models import Payout

PERCENT_MAX = Decimal("99.99")
PERCENT_STEP = Decimal("0.0001")


class NegotiatedRateForm(forms.Form):
    """A rate in percent as admins say it ("12.5"); the model keeps the fraction (0.125)."""

    percent = forms.DecimalField(
        label="Fee rate (%)",
        required=False,
        min_value=Decimal("0"),
        max_value=PERCENT_MAX,
        max_digits=4,
        decimal_places=2,
        help_text="For example 12.5 for 12.5%. Leave it empty to put the artist back on the default rate.",
    )
    note = forms.CharField(max_length=255, required=False, help_text="Why, for the next admin.")

    def fee_rate(self) -> Decimal | None:
        """The fraction to store, or None for "the default rate"."""
        percent = self.cleaned_data["percent"]
        return None if percent is None else (percent / 100).quantize(PERCENT_STEP)


class AdjustmentForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Positive credits the artist; negative (for example -12.50) debits their available balance.",
    )
    reason = forms.CharField(
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required: the artist sees it on their statement.",
    )


class MarkPayoutForm(forms.Form):
    """The bank's answer for one payout: paid (with its reference) or failed (with the reason)."""

    status = forms.ChoiceField(choices=[(Payout.PAID, "Paid"), (Payout.FAILED, "Failed")])
    reference = forms.CharField(max_length=100, required=False)
    reason = forms.CharField(max_length=255, required=False)
