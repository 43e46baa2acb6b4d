"""Accounts on the site: sign-up as buyer or artist, login by either name, profile, reset, lockout."""

import re

import pytest
from django.core import mail

from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.models import Artist
from shop.catalogue.tests.factories import make_artwork

pytestmark = pytest.mark.django_db

STRONG = "violet-harbour-1987"


def sign_up(client, **fields):
    form = {
        "registration-role": "buyer",
        "registration-username": "clara",
        "registration-email": "clara@example.com",
        "registration-password1": STRONG,
        "registration-password2": STRONG,
        "registration_submit": "Register",
    }
    form.update({f"registration-{key}": value for key, value in fields.items()})
    return client.post("/shop/accounts/login/", form)


def log_in(client, username, password=PASSWORD, next_url=""):
    form = {"login-username": username, "login-password": password, "login-redirect_url": next_url, "login_submit": "1"}
    return client.post("/shop/accounts/login/", form)


def test_a_buyer_signs_up_and_is_logged_in(client, django_user_model):
    response = sign_up(client)

    assert response.status_code == 302
    clara = django_user_model.objects.get(username="clara")
    assert clara.role == "buyer"
    assert client.get("/shop/accounts/profile/").status_code == 200


def test_an_artist_signs_up_and_waits_for_approval(client):
    response = sign_up(client, role="artist", artist_name="Clara Moreau", city="Leeds")

    assert response.status_code == 302
    artist = Artist.objects.get(user__username="clara")
    assert (artist.display_name, artist.city, artist.status) == ("Clara Moreau", "Leeds", Artist.Status.PENDING)


def test_sign_up_errors_are_shown_and_nothing_is_created(client, django_user_model):
    UserFactory(username="Clara", email="taken@example.com")

    response = sign_up(client, role="artist", password1="123", password2="123")

    assert response.status_code == 200
    form = response.context["registration_form"]
    assert {"username", "artist_name", "city", "password2"} <= set(form.errors)
    assert django_user_model.objects.count() == 1


@pytest.mark.parametrize("login_as", ["clara", "clara@example.com"])
def test_login_by_username_or_email_and_logout(client, login_as):
    UserFactory(username="clara", email="clara@example.com")

    assert log_in(client, login_as).status_code == 302
    assert client.get("/shop/accounts/profile/").status_code == 200
    client.post("/shop/accounts/logout/")  # POST only: the header's form
    assert client.get("/shop/accounts/profile/").status_code == 302


def test_a_user_edits_their_profile(client):
    clara = UserFactory(username="clara")
    client.force_login(clara)
    form = {
        "first_name": "Clara",
        "last_name": "Moreau",
        "username": "clara",
        "email": "clara@example.com",
        "phone_number": "+447911123456",
        "default_address": "1 Quay St, Bristol",
    }

    response = client.post("/shop/accounts/profile/edit/", form)

    assert response.status_code == 302
    clara.refresh_from_db()
    assert (clara.last_name, clara.default_address, str(clara.phone_number)) == (
        "Moreau",
        "1 Quay St, Bristol",
        "+447911123456",
    )
    page = client.get("/shop/accounts/profile/").content.decode()
    assert "1 Quay St, Bristol" in page


def test_password_reset_by_email(client):
    UserFactory(username="clara", email="clara@example.com")

    client.post("/shop/password-reset/", {"email": "clara@example.com"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/shop/password-reset/confirm/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert log_in(client, "clara", STRONG).status_code == 302


def test_a_locked_out_login_says_so_on_the_site(client):
    UserFactory(username="clara")
    for _ in range(5):
        log_in(client, "clara", "wrong")

    response = log_in(client, "clara")

    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()


def test_a_guest_adding_to_the_cart_is_sent_to_login_and_back(client, site_pages):
    from artists.tests.factories import make_artist

    artwork = make_artwork(make_artist(username="maya"), title="Harbour Blue")
    UserFactory(username="clara")

    response = client.post(f"/shop/basket/add/{artwork.pk}/", {"quantity": 1})

    assert response.status_code == 302
    assert response["Location"].startswith("/shop/accounts/login/?next=")
    login_page = client.get(response["Location"])
    next_url = login_page.context["login_form"].initial["redirect_url"]
    assert next_url == artwork.get_absolute_url()
    assert log_in(client, "clara", next_url=next_url)["Location"] == artwork.get_absolute_url()


def test_a_guest_at_checkout_is_sent_to_login(client):
    response = client.get("/shop/checkout/")

    assert response.status_code == 302
    assert response["Location"] == "/shop/accounts/login/?next=/shop/checkout/"
