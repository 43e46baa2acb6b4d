"""Writes to accounts: sign-up, profile edits, admins' edits, deactivation.

The site, the API, Wagtail's user admin and Django's admin all call these, so every account
gets the same case-insensitive identity check and every new one the same `user_signed_up`.
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .signals import user_signed_up

User = get_user_model()

BUYER, ARTIST = "buyer", "artist"
ROLES = (BUYER, ARTIST)
PROFILE_FIELDS = ("username", "email", "first_name", "last_name", "phone_number", "default_address")
ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser")


def check_identity_is_free(*, username: str | None, email: str | None, exclude_user=None) -> None:
    """Usernames and emails are unique ignoring case; say which one is taken."""
    others = User.objects.exclude(pk=exclude_user.pk) if exclude_user else User.objects.all()
    errors = {}
    if username and others.filter(username__iexact=username).exists():
        errors["username"] = ["A user with that username already exists."]
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = ["A user with that email address already exists."]
    if errors:
        raise ValidationError(errors)


def check_artist_details(*, role: str, artist_name: str, city: str) -> None:
    if role not in ROLES:
        raise ValidationError({"role": [f"Choose one of: {', '.join(ROLES)}."]})
    if role == ARTIST:
        errors = {}
        if not artist_name.strip():
            errors["artist_name"] = ["Artists need an artist name."]
        if not city.strip():
            errors["city"] = ["Artists need a city: buyers look for art near them."]
        if errors:
            raise ValidationError(errors)


@transaction.atomic
def register_user(
    *,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    role: str = BUYER,
    artist_name: str = "",
    city: str = "",
):
    """Create an account; an artist's also opens a pending Artist record (via `user_signed_up`).

    A password of None (an admin opening an account without one) leaves it unusable until reset.
    """
    email = User.objects.normalize_email(email.strip())
    username = username.strip()
    check_artist_details(role=role, artist_name=artist_name, city=city)
    check_identity_is_free(username=username, email=email)
    candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password is not None:
        _check_password(password, user=candidate)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email, password, username=username, first_name=first_name, last_name=last_name
            )
    except IntegrityError as error:
        # Two sign-ups raced past the check above; the unique index decided.
        raise ValidationError({"username": ["That username or email was just taken."]}) from error
    user_signed_up.send(sender=User, user=user, role=role, artist_name=artist_name, city=city)
    return user


@transaction.atomic
def update_profile(*, user, **changes):
    """Change a user's own details; the same uniqueness rules as sign-up."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    if "email" in changes:
        changes["email"] = User.objects.normalize_email(changes["email"].strip())
    check_identity_is_free(username=changes.get("username"), email=changes.get("email"), exclude_user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes) or None)
    return user


@transaction.atomic
def update_account(*, user, password: str | None = None, groups=None, **changes):
    """An admin's edit: profile fields under `update_profile`'s rules, plus access, groups and a new password."""
    unknown = set(changes) - set(PROFILE_FIELDS) - set(ACCESS_FIELDS)
    if unknown:
        raise ValueError(f"Not account fields: {sorted(unknown)}")
    profile = {field: value for field, value in changes.items() if field in PROFILE_FIELDS}
    user = update_profile(user=user, **profile)  # locks the row, even with no profile change
    access = {field: value for field, value in changes.items() if field in ACCESS_FIELDS}
    for field, value in access.items():
        setattr(user, field, value)
    if password is not None:
        _check_password(password, user=user)
        user.set_password(password)
    if access or password is not None:
        user.save(update_fields=[*access, *(["password"] if password is not None else [])])
    if groups is not None:
        user.groups.set(groups)
    return user


def _check_password(password: str, *, user) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


@transaction.atomic
def deactivate_user(*, user) -> None:
    """Close an account without deleting it: orders, sales and the audit trail stay intact."""
    User.objects.filter(pk=user.pk).update(is_active=False)
