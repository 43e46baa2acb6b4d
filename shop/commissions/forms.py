"""The buyer's commission forms on the site: the request, a message, a decline.

They check what a person can fix in the field they typed it in; the rules (open, capacity, state) stay in
`artists.commissions.services`, which the views call with the cleaned values.
"""

from decimal import Decimal

from babel.numbers import get_currency_symbol
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from shop.catalogue.images import clean_artwork_image

BRIEF_MAX_CHARS = 4000
BUDGET_LIMIT = Decimal("1000000000")  # the services refuse 10^9 and above


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class ReferencePicturesField(forms.FileField):
    """Up to COMMISSION_MAX_REFERENCES pictures, each through the artwork image pipeline (cleaned copies out)."""

    widget = MultipleImageInput

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        limit = settings.COMMISSION_MAX_REFERENCES
        if len(uploads) > limit:
            raise ValidationError(f"Send at most {limit} reference pictures.", code="too_many")
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_artwork_image(upload))
            except ValidationError as error:
                name = getattr(upload, "name", "") or "A file"
                errors.extend(f"{name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class CommissionRequestForm(forms.Form):
    brief = forms.CharField(
        label="Your brief",
        max_length=BRIEF_MAX_CHARS,
        error_messages={"required": "Tell the artist what you would like."},
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        help_text="What you would like: subject, size, medium, colours, where it will hang.",
    )
    budget = forms.DecimalField(
        label="Budget",
        required=False,
        min_value=Decimal("0.01"),
        max_value=BUDGET_LIMIT - Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text="Optional: roughly what you would like to spend.",
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "min": "0.01"}),
    )
    deadline = forms.DateField(
        label="Wished-by date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        help_text="Optional: when you would like it by.",
    )
    references = ReferencePicturesField(
        label="Reference pictures",
        required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp", "class": "form-control-file"}),
        help_text=f"Optional: up to {settings.COMMISSION_MAX_REFERENCES} JPEG, PNG or WebP pictures.",
    )

    def __init__(self, *args, currency: str = settings.OSCAR_DEFAULT_CURRENCY, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.currency_symbol = get_currency_symbol(currency, locale="en_GB")
        self.fields["budget"].label = f"Budget ({self.currency_symbol})"
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise ValidationError("Pick a date that is not in the past.", code="past")
        return deadline


class CommissionMessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=BRIEF_MAX_CHARS,
        error_messages={"required": "Write something first."},
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names when the form has them, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
