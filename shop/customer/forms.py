"""Oscar's account forms, taught usernames, roles and our profile fields (found by Oscar's get_class)."""

from django import forms
from django.core.exceptions import ValidationError
from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403  (the fork keeps every form Oscar looks up)

from artiqo.users import services


class EmailAuthenticationForm(oscar_forms.EmailAuthenticationForm):
    """Oscar's login form, accepting a username as well as an email."""

    username = forms.CharField(label="Username or email", max_length=254)


class EmailUserCreationForm(oscar_forms.EmailUserCreationForm):
    """Sign-up: buyers give a username and email; artists also their artist name and city."""

    ROLE_CHOICES = [("buyer", "I want to buy"), ("artist", "I am an artist")]

    role = forms.ChoiceField(choices=ROLE_CHOICES, initial="buyer", widget=forms.RadioSelect, label="I am here to")
    username = forms.CharField(max_length=150, help_text="How you appear on Artiqo; letters, digits and @.+-_")
    first_name = forms.CharField(max_length=255, required=False)
    last_name = forms.CharField(max_length=255, required=False)
    artist_name = forms.CharField(max_length=120, required=False, help_text="Artists: the name you sell under.")
    city = forms.CharField(max_length=100, required=False, help_text="Artists: where your studio is.")

    field_order = [
        "role",
        "username",
        "email",
        "first_name",
        "last_name",
        "password1",
        "password2",
        "artist_name",
        "city",
    ]

    class Meta(oscar_forms.EmailUserCreationForm.Meta):
        fields = ("email", "username")

    def clean(self):
        cleaned = super().clean()
        checks = [
            lambda: services.check_artist_details(
                role=cleaned.get("role", "buyer"),
                artist_name=cleaned.get("artist_name", ""),
                city=cleaned.get("city", ""),
            ),
            lambda: services.check_identity_is_free(username=cleaned.get("username"), email=None),
        ]
        for check in checks:  # run both, so every problem is shown at once
            try:
                check()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        return services.register_user(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            role=data["role"],
            artist_name=data.get("artist_name", ""),
            city=data.get("city", ""),
        )


class UserForm(oscar_forms.UserForm):
    """The profile a user edits themself: names, handle, email, phone, default address."""

    class Meta(oscar_forms.UserForm.Meta):
        fields = ["first_name", "last_name", "username", "email", "phone_number", "default_address"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.check_identity_is_free(
                username=cleaned.get("username"), email=cleaned.get("email"), exclude_user=self.user
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def save(self, commit=True):
        changes = {field: self.cleaned_data[field] for field in self.Meta.fields}
        return services.update_profile(user=self.user, **changes)


ProfileForm = UserForm
