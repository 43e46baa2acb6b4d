"""The marketplace's one user model: a buyer, an artist (has an Artist) or an admin (staff)."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from oscar.apps.customer.abstract_models import AbstractUser
from phonenumber_field.modelfields import PhoneNumberField


class ArtiqoUserManager(BaseUserManager):
    """Creates users with an email and a username handle (derived from the email when not given)."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        extra_fields.setdefault("username", email.split("@")[0])
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def by_login(self, login: str):
        """The user a login names: an email when it has an "@", else the username handle, case ignored.

        The one lookup behind the auth backend (site, admin, API) and django-axes' lockout key.
        """
        login = (login or "").strip()
        if not login:
            return self.none()
        field = "email__iexact" if "@" in login else "username__iexact"
        return self.filter(**{field: login})

    def get_by_natural_key(self, login):
        return self.by_login(login).get()


class User(AbstractUser):
    """Oscar's email user plus the public handle people log in and are shown with."""

    username = models.CharField(
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @/./+/-/_ only.",
        error_messages={"unique": "A user with that username already exists."},
    )
    phone_number = PhoneNumberField("Phone number", blank=True)
    default_address = models.TextField("Default address", blank=True)

    objects = ArtiqoUserManager()

    REQUIRED_FIELDS = ["username"]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def __str__(self):
        return self.username

    def save(self, *args, **kwargs):
        # Forms that only ask for an email (Oscar's own) still leave a unique handle behind.
        if not self.username and self.email:
            self.username = self.available_username(self.email.split("@")[0])
        super().save(*args, **kwargs)

    @classmethod
    def available_username(cls, wanted: str) -> str:
        base = "".join(ch for ch in wanted if ch.isalnum() or ch in "@.+-_")[:140] or "user"
        candidate, n = base, 2
        while cls._default_manager.filter(username__iexact=candidate).exists():
            candidate, n = f"{base}{n}", n + 1
        return candidate

    @property
    def role(self) -> str:
        """Derived, never stored: admin is staff, artist has an Artist record, else buyer."""
        if self.is_staff:
            return "admin"
        if hasattr(self, "artist"):
            return "artist"
        return "buyer"
