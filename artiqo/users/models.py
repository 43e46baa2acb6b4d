"""The marketplace's one user model: a buyer, an artist (has an Artist) or an admin (staff)."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from oscar.apps.customer.abstract_models import AbstractUser, UserManager
from phonenumber_field.modelfields import PhoneNumberField


class ArtiqoUserManager(UserManager):
    """Oscar's manager, taught that a user also has a username handle."""

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.split("@")[0])
        return super().create_user(email, password, **extra_fields)

    def create_superuser(self, email, password, **extra_fields):
        extra_fields.setdefault("username", email.split("@")[0])
        return super().create_superuser(email, password, **extra_fields)

    def get_by_natural_key(self, login):
        """Resolve a login that may be a username or an email, ignoring case."""
        field = "email__iexact" if "@" in login else "username__iexact"
        return self.get(**{field: login})


class User(AbstractUser):
    """Oscar's email user plus the public handle people log in and are shown with."""

    username = models.CharField(
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @/./+/-/_ only.",
        error_messages={"unique": "A user with that username already exists."},
    )
    phone_number = PhoneNumberField(blank=True)
    default_address = models.TextField(blank=True)

    objects = ArtiqoUserManager()

    REQUIRED_FIELDS = ["username"]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def __str__(self):
        return self.username

    @property
    def role(self) -> str:
        """Derived, never stored: admin is staff, artist has an Artist record, else buyer."""
        if self.is_staff:
            return "admin"
        if hasattr(self, "artist"):
            return "artist"
        return "buyer"
