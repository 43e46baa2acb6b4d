"""Log in with either the username handle or the email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """One backend for the site, the admin and the API: `login` may be a username or an email."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        login = (username or email or "").strip()
        if not login or password is None:
            return None
        User = get_user_model()
        user = User._default_manager.by_login(login).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def login_key_for_lockout(request, credentials) -> str | None:
    """The key django-axes counts failures under: one per account, however the login was spelt.

    Without this, "maya", "MAYA" and "maya@example.com" would each get five tries.
    """
    login = ((credentials or {}).get("username") or (credentials or {}).get("email") or "").strip()
    if not login:
        return None
    username = get_user_model()._default_manager.by_login(login).values_list("username", flat=True).first()
    return (username or login).casefold()
