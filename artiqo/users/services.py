"""Writes to accounts: sign-up, profile edits, deactivation. The site and the API share them."""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .signals import user_signed_up

User = get_user_model()

BUYER, ARTIST = "buyer", "artist"
ROLES = (BUYER, ARTIST)
PROFILE_FIELDS = ("username", "email", "first_name", "last_name", "phone_number", "default_address")


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
    password: str,
    first_name: str = "",
    last_name: str = "",
    role: str = BUYER,
    artist_name: str = "",
    city: str = "",
):
    """Create an account; an artist's also opens a pending Artist record (via `user_signed_up`)."""
    email = User.objects.normalize_email(email.strip())
    username = username.strip()
    check_artist_details(role=role, artist_name=artist_name, city=city)
    check_identity_is_free(username=username, email=email)
    candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
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
def deactivate_user(*, user) -> None:
    """Close an account without deleting it: orders, sales and the audit trail stay intact."""
    User.objects.filter(pk=user.pk).update(is_active=False)
