"""Accounts opened or changed by an admin (Wagtail's user admin, Django's admin) obey the sign-up rules."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from artiqo.users.signals import user_signed_up
from artiqo.users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "another-long-password-7"


@pytest.fixture
def boss(db):
    return User.objects.create_superuser("boss@example.com", "a-long-password-1", username="boss")


@pytest.fixture
def signed_up():
    """The users `user_signed_up` announced during the test."""
    heard = []

    def listen(sender, user, role, **kwargs):
        heard.append((user.username, role))

    user_signed_up.connect(listen, weak=False)
    yield heard
    user_signed_up.disconnect(listen)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def wagtail_new_user(**overrides) -> dict:
    return {
        "username": "nora",
        "email": "nora@example.com",
        "first_name": "Nora",
        "last_name": "Quist",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


# --- Wagtail's user admin (/cms/users/) --------------------------------------------------------


def test_a_wagtail_admin_opens_an_account_through_sign_up(boss, signed_up):
    editors = Group.objects.create(name="Curators")

    response = logged_in(boss).post(
        reverse("wagtailusers_users:add"), wagtail_new_user(groups=[editors.pk], is_superuser="on")
    )

    assert response.status_code == 302, response.context["form"].errors
    nora = User.objects.get(username="nora")
    assert (nora.email, nora.first_name, nora.is_superuser) == ("nora@example.com", "Nora", True)
    assert list(nora.groups.all()) == [editors]
    assert signed_up == [("nora", "buyer")]
    assert User.objects.by_login("NORA").get().check_password(NEW_PASSWORD)


@pytest.mark.parametrize("clash, field", [({"username": "BEA"}, "username"), ({"email": "Bea@Example.COM"}, "email")])
def test_wagtail_refuses_a_username_or_email_taken_in_another_case(boss, buyer, signed_up, clash, field):
    response = logged_in(boss).post(reverse("wagtailusers_users:add"), wagtail_new_user(**clash))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"A user with that {'username' if field == 'username' else 'email address'} already exists."
    ]
    assert User.objects.count() == 2
    assert signed_up == []


def test_a_wagtail_edit_keeps_the_identity_rule_and_saves_the_rest(boss, buyer):
    other = UserFactory(username="cleo")
    url = reverse("wagtailusers_users:edit", args=[other.pk])
    edit = {"username": "cleo", "email": "cleo@example.com", "first_name": "Cleo", "last_name": "Marsh"}
    client = logged_in(boss)

    clash = client.post(url, {**edit, "email": "BEA@example.com", "is_active": "on"})
    saved = client.post(url, {**edit, "is_active": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert clash.status_code == 200
    assert "email" in clash.context["form"].errors
    assert saved.status_code == 302, saved.context["form"].errors
    other.refresh_from_db()
    assert (other.email, other.last_name, other.is_active) == ("cleo@example.com", "Marsh", False)
    assert other.check_password(NEW_PASSWORD)


# --- Django's admin (/django-admin/) ------------------------------------------------------------


def test_the_django_admin_opens_an_account_through_sign_up(boss, buyer, signed_up):
    url = "/django-admin/users/user/add/"
    new = {"username": "omar", "email": "omar@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client = logged_in(boss)

    clash = client.post(url, {**new, "email": "bea@EXAMPLE.com"})
    created = client.post(url, new)

    assert clash.status_code == 200
    assert "email" in clash.context["adminform"].form.errors
    assert created.status_code == 302
    omar = User.objects.get(username="omar")
    assert created["Location"].endswith(f"/django-admin/users/user/{omar.pk}/change/")
    assert signed_up == [("omar", "buyer")]
    assert omar.check_password(NEW_PASSWORD)


def test_the_django_admin_change_keeps_the_identity_rule(boss, buyer):
    other = UserFactory(username="cleo")
    url = f"/django-admin/users/user/{other.pk}/change/"
    form = {
        "username": "cleo",
        "email": "cleo@example.com",
        "first_name": "Cleo",
        "last_name": "Marsh",
        "phone_number": "",
        "default_address": "",
        "is_active": "on",
        "is_staff": "on",
    }
    client = logged_in(boss)

    clash = client.post(url, {**form, "username": "Bea"})
    saved = client.post(url, form)

    assert clash.status_code == 200
    assert "username" in clash.context["adminform"].form.errors
    assert saved.status_code == 302
    other.refresh_from_db()
    assert (other.username, other.last_name, other.is_staff) == ("cleo", "Marsh", True)
    assert other.check_password(PASSWORD)  # the password stays what it was
