"""Wagtail admin user forms that know about the username handle."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm


class WagtailUserCreationForm(UserCreationForm):
    username = forms.CharField(max_length=150, required=True)


class WagtailUserEditForm(UserEditForm):
    username = forms.CharField(max_length=150, required=True)
