"""JWT issuing and rotation, race-safe.

simplejwt blacklists the old refresh token *after* minting the new pair, so concurrent refreshes
of one token all pass the blacklist check and several succeed. Here the blacklist row is written
first, inside the transaction, under the unique constraint on the token: exactly one caller
inserts it and gets a new pair; every other caller finds it already there and is refused.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

User = get_user_model()


def issue_tokens(user) -> dict:
    """A fresh access/refresh pair for a user who has just proved who they are."""
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def _read_refresh_token(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)  # checks signature, expiry and (sequential reuse) the blacklist
    except TokenError as error:
        raise InvalidToken(str(error)) from error


def _owner(refresh: RefreshToken):
    user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active:
        raise InvalidToken("No active account found for this token.")
    if refresh.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise InvalidToken("The password has changed since this token was issued.")
    return user


def _blacklist_first(refresh: RefreshToken, user) -> None:
    """Insert the blacklist row; if another request already did, this one loses."""
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=refresh["jti"],
        defaults={
            "user": user,
            "token": str(refresh),
            "expires_at": datetime_from_epoch(refresh["exp"]),
        },
    )
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as error:
        raise InvalidToken("This refresh token has already been used.") from error


@transaction.atomic
def rotate_refresh_token(raw: str) -> dict:
    """Spend a refresh token once: blacklist it, then hand out a new pair."""
    refresh = _read_refresh_token(raw)
    user = _owner(refresh)
    _blacklist_first(refresh, user)
    return issue_tokens(user)


@transaction.atomic
def revoke_refresh_token(raw: str, *, user) -> None:
    """Logout: the refresh token can never be used again. Access tokens die at their short expiry."""
    refresh = _read_refresh_token(raw)
    if str(refresh.get(api_settings.USER_ID_CLAIM)) != str(user.pk):
        raise InvalidToken("That refresh token belongs to someone else.")
    _blacklist_first(refresh, user)
