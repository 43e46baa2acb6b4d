"""Sign-up, login, refresh and logout over the API (API.md, section Auth)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from artiqo.testing import bearer, repeat_at_once
from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.models import Artist

pytestmark = pytest.mark.django_db

STRONG = "violet-harbour-1987"


def register(api, **fields):
    body = {"username": "clara", "email": "clara@example.com", "password": STRONG, **fields}
    return api.post("/api/v1/auth/register/", body, format="json")


def login(api, username, password=PASSWORD):
    return api.post("/api/v1/auth/login/", {"username": username, "password": password}, format="json")


def test_a_buyer_signs_up_and_gets_tokens(api, django_user_model):
    response = register(api, first_name="Clara")

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "clara" and body["user"]["role"] == "buyer"
    assert body["access"] and body["refresh"]
    assert django_user_model.objects.get(username="clara").check_password(STRONG)
    assert bearer(body["access"]).get("/api/v1/profile/").json()["email"] == "clara@example.com"


def test_an_artist_signs_up_pending_approval(api):
    response = register(api, role="artist", artist_name="Clara Moreau", city="Leeds")

    assert response.status_code == 201
    assert response.json()["user"]["role"] == "artist"
    assert response.json()["user"]["artist"]["status"] == "pending"
    artist = Artist.objects.get(user__username="clara")
    assert (artist.display_name, artist.city, artist.status) == ("Clara Moreau", "Leeds", "pending")


def test_an_artist_without_a_city_is_told_so_and_nothing_is_created(api, django_user_model):
    response = register(api, role="artist", artist_name="Clara Moreau")

    assert response.status_code == 400
    assert "city" in response.json()
    assert not django_user_model.objects.filter(username="clara").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"username": "CLARA", "email": "new@example.com"}, "username"),
        ({"username": "new", "email": "Clara@Example.com"}, "email"),
    ],
)
def test_a_taken_username_or_email_in_any_case_is_a_400_on_that_field(api, fields, field):
    UserFactory(username="clara", email="clara@example.com")

    response = register(api, **fields)

    assert response.status_code == 400
    assert field in response.json()


def test_a_weak_password_gets_djangos_reasons(api, django_user_model):
    response = register(api, password="123")

    assert response.status_code == 400
    messages = " ".join(response.json()["password"])
    assert "too short" in messages and "entirely numeric" in messages
    assert not django_user_model.objects.exists()


def test_malformed_json_is_a_400(api):
    response = api.post("/api/v1/auth/register/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("login_as", ["clara", "clara@example.com", "CLARA"])
def test_login_by_username_or_email(api, login_as):
    UserFactory(username="clara", email="clara@example.com")

    response = login(api, login_as)

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "clara"
    assert response.json()["access"] and response.json()["refresh"]


def test_a_wrong_password_is_a_401(api):
    UserFactory(username="clara")

    response = login(api, "clara", "not-the-password")

    assert response.status_code == 401


def test_refresh_rotates_and_the_old_refresh_token_stops_working(api):
    UserFactory(username="clara")
    first = login(api, "clara").json()["refresh"]

    rotated = api.post("/api/v1/auth/refresh/", {"refresh": first}, format="json")
    reused = api.post("/api/v1/auth/refresh/", {"refresh": first}, format="json")

    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first
    assert reused.status_code == 401
    again = api.post("/api/v1/auth/refresh/", {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_auth_token_refresh_is_the_same_endpoint_under_the_seeds_name(api):
    UserFactory(username="clara")
    first = login(api, "clara").json()["refresh"]

    rotated = api.post("/api/v1/auth/token/refresh/", {"refresh": first}, format="json")

    assert rotated.status_code == 200 and set(rotated.json()) == {"access", "refresh"}
    assert bearer(rotated.json()["access"]).get("/api/v1/profile/").json()["username"] == "clara"
    # One rotation rule whichever name is used: the spent token is refused under both.
    assert api.post("/api/v1/auth/refresh/", {"refresh": first}, format="json").status_code == 401
    assert api.post("/api/v1/auth/token/refresh/", {"refresh": first}, format="json").status_code == 401
    assert api.post("/api/v1/auth/token/refresh/", {}, format="json").status_code == 400


@pytest.mark.mariadb
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_refreshes_of_one_token_let_exactly_one_through():
    UserFactory(username="clara")
    refresh = login(APIClient(), "clara").json()["refresh"]

    def spend():
        return APIClient().post("/api/v1/auth/refresh/", {"refresh": refresh}, format="json").status_code

    assert sorted(repeat_at_once(10, spend)) == [200] + [401] * 9


def test_logout_blacklists_the_refresh_token_and_access_dies_at_expiry(api):
    UserFactory(username="clara")
    tokens = login(api, "clara").json()
    session = bearer(tokens["access"])

    assert session.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json").status_code == 205
    assert api.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json").status_code == 401
    # Access tokens are not tracked server-side (documented): they last at most their short lifetime.
    assert session.get("/api/v1/profile/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert session.get("/api/v1/profile/").status_code == 401


def test_someone_elses_refresh_token_cannot_be_logged_out(api):
    UserFactory(username="clara")
    UserFactory(username="ben")
    clara = login(api, "clara").json()
    ben = login(APIClient(), "ben").json()

    response = bearer(ben["access"]).post("/api/v1/auth/logout/", {"refresh": clara["refresh"]}, format="json")

    assert response.status_code == 401
    assert api.post("/api/v1/auth/refresh/", {"refresh": clara["refresh"]}, format="json").status_code == 200


def test_changing_the_password_revokes_old_tokens(api):
    clara = UserFactory(username="clara")
    tokens = login(api, "clara").json()

    clara.set_password("a-brand-new-passphrase")
    clara.save()

    assert bearer(tokens["access"]).get("/api/v1/profile/").status_code == 401
    assert api.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json").status_code == 401
    assert login(APIClient(), "clara", "a-brand-new-passphrase").status_code == 200


def test_five_failures_lock_the_account_from_that_address_even_for_the_right_password(api):
    UserFactory(username="clara", email="clara@example.com")
    UserFactory(username="ben")

    failures = [
        login(api, name, "wrong").status_code for name in ["clara", "CLARA", "clara@example.com", "clara", "clara"]
    ]
    locked = login(api, "clara")

    # The fifth failure is the one that locks: it already answers 429.
    assert failures == [401, 401, 401, 401, 429]
    assert locked.status_code == 429
    assert "Try again" in locked.json()["detail"]
    assert login(api, "ben").status_code == 200, "a neighbour on the same address is unaffected"
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert login(api, "clara").status_code == 200


def test_the_api_ignores_the_site_session(client, django_user_model):
    client.force_login(UserFactory(username="clara"))

    assert client.get("/api/v1/profile/").status_code == 401
