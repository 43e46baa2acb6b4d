"""Django's admin for users (/django-admin/), writing through the account services like every other door."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError

from . import services
from .models import User


def with_identity_check(form_class):
    """The admin's form, refusing a username or email another account has in any case, on its field."""

    class IdentityCheckedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            try:
                services.check_identity_is_free(
                    username=cleaned_data.get("username"),
                    email=cleaned_data.get("email"),
                    exclude_user=self.instance if self.instance.pk else None,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:  # Django's own username check says the same
                        self.add_error(field if field in self.fields else None, messages)
            return cleaned_data

    return IdentityCheckedForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["username"]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("username", "email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "phone_number", "default_address")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]  # facts, not settings
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),)

    def get_form(self, request, obj=None, **kwargs):
        return with_identity_check(super().get_form(request, obj, **kwargs))

    def save_model(self, request, obj, form, change):
        """Open or change the account through the services; groups and permissions follow in save_related."""
        if change:
            account_fields = (*services.PROFILE_FIELDS, *services.ACCESS_FIELDS)
            changed = {name: getattr(obj, name) for name in form.changed_data if name in account_fields}
            services.update_account(user=obj, **changed)
            return
        usable = form.cleaned_data.get("set_usable_password", True)
        user = services.register_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data.get("password1") if usable else None,
        )
        # The admin goes on with `obj` (its log entry, the many-to-many fields, the redirect).
        for field in User._meta.concrete_fields:
            setattr(obj, field.attname, getattr(user, field.attname))
        obj._state.adding = False
        obj._state.db = user._state.db
