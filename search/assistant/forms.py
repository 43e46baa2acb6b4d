"""The "Ask Artiqo" form of the site's panel, for browsers without JavaScript (the script posts JSON instead)."""

from django import forms

from .api import LARGEST_ID, MESSAGE_MAX_LENGTH


class AskArtiqoForm(forms.Form):
    """A question, and the conversation it continues (kept in a hidden field between pages)."""

    message = forms.CharField(label="Ask Artiqo", max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea)
    conversation = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID, widget=forms.HiddenInput)
