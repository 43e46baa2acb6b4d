"""Wagtail admin user forms that know about the username handle and write through the account services.

Wagtail's own forms save the model directly: they would let "Maya" in beside "maya" (their
check is case-sensitive and skips the email) and open accounts without `user_signed_up`. These
ask `services.check_identity_is_free` while validating, so a clash shows on its field, and save
through `services.register_user` / `services.update_account`.
"""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import services

PROFILE_FORM_FIELDS = ("username", "email", "first_name", "last_name")


class AccountServiceForm:
    """Validation shared by the creation and edit forms: the identity rule, from the services."""

    def _clean_username(self):
        # Wagtail's own check looks up USERNAME_FIELD (Oscar's is the email) by exact match and calls
        # a clash a "username"; the service's check in clean() covers both fields in any case.
        return self.cleaned_data.get(self._meta.model.USERNAME_FIELD)

    def clean(self):
        cleaned_data = super().clean()
        existing = self.instance if self.instance.pk else None
        try:
            services.check_identity_is_free(
                username=cleaned_data.get("username"), email=cleaned_data.get("email"), exclude_user=existing
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned_data

    def new_password(self) -> str | None:
        return self.cleaned_data.get("password1") or None

    def chosen(self, names) -> dict:
        """The given fields the form shows (editing yourself hides active and administrator)."""
        return {name: self.cleaned_data[name] for name in names if name in self.fields}

    def finish(self, user):
        # Wagtail's create and edit views read the saved account back from `form.instance`.
        self.instance = user
        return user


class WagtailUserCreationForm(AccountServiceForm, UserCreationForm):
    username = forms.CharField(max_length=150, required=True)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        user = services.register_user(password=self.new_password(), **self.chosen(PROFILE_FORM_FIELDS))
        access = self.chosen(["is_superuser", "groups"])
        return self.finish(services.update_account(user=user, **access))


class WagtailUserEditForm(AccountServiceForm, UserEditForm):
    username = forms.CharField(max_length=150, required=True)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        changes = self.chosen([*PROFILE_FORM_FIELDS, "is_active", "is_superuser", "groups"])
        return self.finish(services.update_account(user=self.instance, password=self.new_password(), **changes))
