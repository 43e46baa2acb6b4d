import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from artiqo.users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def authenticate(**credentials):
    """As a login view would: with a request, which django-axes requires."""
    return django_authenticate(RequestFactory().post("/login/"), **credentials)


@pytest.mark.parametrize("login", ["clara", "CLARA", "clara@example.com", "Clara@Example.com"])
def test_a_user_logs_in_with_username_or_email_in_any_case(login):
    clara = UserFactory(username="clara")

    assert authenticate(username=login, password=PASSWORD) == clara


def test_a_wrong_password_or_unknown_login_does_not_authenticate():
    UserFactory(username="clara")

    assert authenticate(username="clara", password="not-it") is None
    assert authenticate(username="nobody", password=PASSWORD) is None
    assert authenticate(username="nobody@example.com", password=PASSWORD) is None


def test_an_inactive_user_cannot_log_in():
    UserFactory(username="clara", is_active=False)

    assert authenticate(username="clara", password=PASSWORD) is None


def test_usernames_and_emails_are_unique():
    UserFactory(username="clara", email="clara@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="clara", email="other@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="other", email="clara@example.com")


def test_role_is_derived_from_staff_and_artist_record(site_pages):
    from artists.tests.factories import make_artist

    assert UserFactory().role == "buyer"
    assert UserFactory(is_staff=True).role == "admin"
    assert make_artist(username="maya").user.role == "artist"


def test_an_email_only_sign_up_still_gets_a_unique_handle():
    UserFactory(username="sam", email="sam@example.org")
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User(email="sam@example.com")
    user.set_password(PASSWORD)
    user.save()

    assert user.username == "sam2"
