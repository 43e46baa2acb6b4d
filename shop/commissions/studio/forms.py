"""The studio's commission forms. They check shapes; `artists.commissions.services` judges the values.

What the services refuse (a price of nothing, a date in the past, a step the status no longer
allows) comes back as a `ValidationError` on a field or a `CommissionRefused`, and `add_refusal()`
puts it on the form beside the shape errors.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from artists.commissions.models import CommissionRequest
from artists.commissions.services import CommissionRefused
from shop.catalogue.images import clean_artwork_image

STATUS_ANY = ""
# Enough to show the piece from the front, a detail and the back; the buyer sees them on the artwork.
FINISHED_PICTURES_MAX = 3
TEXT_MAX_LENGTH = 4000


def add_refusal(form: forms.Form, refusal: Exception) -> None:
    """A service's refusal onto the form: field errors on their fields, anything else above the form."""
    if isinstance(refusal, CommissionRefused):
        form.add_error(None, refusal.message)
        return
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal.messages)


class StatusFilterForm(forms.Form):
    """The list's one filter: a status, or every request."""

    status = forms.ChoiceField(required=False, label="Status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(STATUS_ANY, "All"), *CommissionRequest.Status.choices]

    def chosen_status(self) -> str:
        return self.cleaned_data.get("status", STATUS_ANY) if self.is_valid() else STATUS_ANY


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH}),
        help_text="The buyer is emailed your message.",
    )


class QuoteForm(forms.Form):
    """The artist's offer; a new quote replaces one the buyer has not answered yet."""

    price = forms.DecimalField(
        max_digits=12, decimal_places=2, widget=forms.NumberInput(attrs={"min": "0.01", "step": "0.01"})
    )
    delivery_by = forms.DateField(
        label="Delivery by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When the buyer can have it, counting the making and the shipping.",
    )
    deposit = forms.CharField(
        label="Deposit note",
        required=False,
        max_length=300,
        help_text="Optional: what you ask up front, e.g. “30% on acceptance”.",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        help_text="Optional: size, medium, how you will work.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].label = f"Price ({settings.OSCAR_DEFAULT_CURRENCY})"


class DeclineForm(forms.Form):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX_LENGTH}),
        help_text="Optional, but kind: the buyer reads it.",
    )


class MultiplePictureInput(forms.FileInput):
    allow_multiple_selected = True


class FinishedPicturesField(forms.FileField):
    """1 to FINISHED_PICTURES_MAX files from one input, each checked and re-encoded; the clean copies come back."""

    widget = MultiplePictureInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            raise ValidationError("Add at least one picture of the finished piece.", code="required")
        if len(uploads) > FINISHED_PICTURES_MAX:
            raise ValidationError(f"Add at most {FINISHED_PICTURES_MAX} pictures.", code="too_many")
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_artwork_image(super().clean(upload, initial)).file)
            except ValidationError as refused:
                errors.extend(f"{upload.name}: {message}" for message in refused.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class FinishedPiecesForm(forms.Form):
    """Pictures of the finished piece, through the artwork picture pipeline (checked by content, re-encoded)."""

    pictures = FinishedPicturesField(
        label="Pictures of the finished piece",
        help_text=f"1 to {FINISHED_PICTURES_MAX} pictures: JPEG, PNG or WebP, up to 15 MB each. "
        "They go on the artwork the buyer paid for.",
    )
