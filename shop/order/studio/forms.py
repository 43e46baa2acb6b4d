"""The studio's "Mark shipped" form: tracking is optional (a hand delivery has none)."""

from django import forms


class ShipLineForm(forms.Form):
    tracking_code = forms.CharField(max_length=100, required=False, label="Tracking code")
    tracking_url = forms.URLField(required=False, label="Tracking link", assume_scheme="https")
