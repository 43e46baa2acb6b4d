"""One lookup turns a login into an account: `User.objects.by_login`, used by the backend and the lockout key."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from artiqo.users.backends import UsernameOrEmailBackend, login_key_for_lockout
from artiqo.users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def maya(db):
    return UserFactory(username="Maya", email="maya.l@example.com")


@pytest.mark.parametrize("login", ["Maya", "maya", "MAYA", "  maya ", "maya.l@example.com", "MAYA.L@Example.COM"])
def test_a_username_or_email_in_any_case_names_the_account(maya, login):
    assert list(User.objects.by_login(login)) == [maya]


@pytest.mark.parametrize("login", ["", "   ", None, "may", "maya@example.com", "maya.l", "example.com"])
def test_anything_else_names_nobody(maya, login):
    assert not User.objects.by_login(login).exists()


def test_the_backend_and_the_lockout_key_use_the_same_lookup(maya):
    request = RequestFactory().post("/shop/accounts/login/")
    backend = UsernameOrEmailBackend()

    assert backend.authenticate(request, username="MAYA.L@example.com", password=PASSWORD) == maya
    assert backend.authenticate(request, username="mAyA", password=PASSWORD) == maya
    assert backend.authenticate(request, username="maya", password="wrong") is None
    # However the login is spelt, failures count against one key: the account's handle.
    keys = {login_key_for_lockout(request, {"username": login}) for login in ("Maya", "MAYA.L@example.com")}
    assert keys == {"maya"}
    assert login_key_for_lockout(request, {"username": "Nobody"}) == "nobody"


def test_natural_keys_resolve_through_the_same_lookup(maya):
    assert User.objects.get_by_natural_key("MAYA.L@EXAMPLE.COM") == maya
