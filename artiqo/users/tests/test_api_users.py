"""Profile and users endpoints: everyone reaches only their own record, admins everyone's."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from artiqo.testing import api_as
from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.models import Artist

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_a_user_reads_and_edits_their_profile():
    clara = UserFactory(username="clara")
    api = api_as(clara)

    response = api.patch(
        "/api/v1/profile/",
        {"first_name": "Clara", "phone_number": "+447911123456", "address": "1 Quay St, Bristol"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["phone_number"] == "+447911123456"
    clara.refresh_from_db()
    assert (clara.first_name, clara.default_address) == ("Clara", "1 Quay St, Bristol")
    assert api.get("/api/v1/profile/").json()["address"] == "1 Quay St, Bristol"


def test_a_profile_cannot_take_someone_elses_email_or_a_bad_phone():
    UserFactory(username="ben", email="ben@example.com")
    api = api_as(UserFactory(username="clara"))

    taken = api.patch("/api/v1/profile/", {"email": "BEN@example.com"}, format="json")
    bad_phone = api.patch("/api/v1/profile/", {"phone_number": "call me"}, format="json")

    assert taken.status_code == 400 and "email" in taken.json()
    assert bad_phone.status_code == 400 and "phone_number" in bad_phone.json()


def test_a_user_cannot_see_or_change_another_user():
    clara, ben = UserFactory(username="clara"), UserFactory(username="ben")
    api = api_as(ben)

    assert api.get(f"/api/v1/users/{clara.pk}/").status_code == 404
    assert api.patch(f"/api/v1/users/{clara.pk}/", {"first_name": "X"}, format="json").status_code == 404
    assert api.delete(f"/api/v1/users/{clara.pk}/").status_code == 404
    assert api.get(f"/api/v1/users/{ben.pk}/").json()["username"] == "ben"
    clara.refresh_from_db()
    assert clara.first_name != "X" and clara.is_active


def test_only_admins_list_users():
    UserFactory(username="clara")
    admin = UserFactory(username="ada", is_staff=True)

    assert api_as(UserFactory(username="ben")).get("/api/v1/users/").status_code == 403
    response = api_as(admin).get("/api/v1/users/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert {"count", "next", "previous", "results"} <= set(response.json())


def test_an_admin_edits_any_user():
    clara = UserFactory(username="clara")

    response = api_as(UserFactory(username="ada", is_staff=True)).patch(
        f"/api/v1/users/{clara.pk}/", {"last_name": "Moreau"}, format="json"
    )

    assert response.status_code == 200
    clara.refresh_from_db()
    assert clara.last_name == "Moreau"


def test_deleting_your_account_deactivates_it():
    clara = UserFactory(username="clara")

    assert api_as(clara).delete(f"/api/v1/users/{clara.pk}/").status_code == 204

    clara.refresh_from_db()
    assert not clara.is_active
    login = APIClient().post("/api/v1/auth/login/", {"username": "clara", "password": PASSWORD}, format="json")
    assert login.status_code == 401


def test_anonymous_callers_get_401():
    assert APIClient().get("/api/v1/profile/").status_code == 401
    assert APIClient().get("/api/v1/users/").status_code == 401


NEW_USER = {"username": "nadia", "email": "nadia@example.com", "password": "violet-harbour-1987"}


def test_an_admin_creates_a_buyer_who_can_then_log_in():
    admin = api_as(UserFactory(username="ada", is_staff=True))

    response = admin.post("/api/v1/users/", {**NEW_USER, "first_name": "Nadia"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["username"], body["email"], body["first_name"], body["role"]) == (
        "nadia",
        "nadia@example.com",
        "Nadia",
        "buyer",
    )
    assert "password" not in body and "access" not in body, "the admin gets the account, not its tokens"
    login = APIClient().post(
        "/api/v1/auth/login/", {"username": "nadia", "password": NEW_USER["password"]}, format="json"
    )
    assert login.status_code == 200


def test_an_admin_creates_an_artist_who_starts_pending_like_a_sign_up():
    admin = api_as(UserFactory(username="ada", is_staff=True))

    response = admin.post(
        "/api/v1/users/", {**NEW_USER, "role": "artist", "artist_name": "Nadia Fares", "city": "Leeds"}, format="json"
    )

    assert response.status_code == 201 and response.json()["role"] == "artist"
    artist = Artist.objects.get(user__username="nadia")
    assert (artist.display_name, artist.city, artist.status) == ("Nadia Fares", "Leeds", Artist.Status.PENDING)
    assert response.json()["artist"] == {
        "id": artist.pk,
        "slug": artist.slug,
        "name": "Nadia Fares",
        "status": "pending",
    }


def test_creating_a_user_applies_the_sign_up_rules():
    UserFactory(username="ben", email="ben@example.com")
    admin = api_as(UserFactory(username="ada", is_staff=True))

    taken = admin.post("/api/v1/users/", {**NEW_USER, "username": "BEN"}, format="json")
    taken_email = admin.post("/api/v1/users/", {**NEW_USER, "email": "Ben@Example.com"}, format="json")
    weak = admin.post("/api/v1/users/", {**NEW_USER, "password": "123"}, format="json")
    artist_without_city = admin.post(
        "/api/v1/users/", {**NEW_USER, "role": "artist", "artist_name": "N"}, format="json"
    )
    staff = admin.post("/api/v1/users/", {**NEW_USER, "role": "admin"}, format="json")

    assert taken.status_code == 400 and "username" in taken.json()
    assert taken_email.status_code == 400 and "email" in taken_email.json()
    assert weak.status_code == 400 and "password" in weak.json()
    assert artist_without_city.status_code == 400 and "city" in artist_without_city.json()
    assert staff.status_code == 400 and "role" in staff.json()
    assert not User.objects.filter(username="nadia").exists()


def test_only_admins_create_users():
    assert APIClient().post("/api/v1/users/", NEW_USER, format="json").status_code == 401
    response = api_as(UserFactory(username="ben")).post("/api/v1/users/", NEW_USER, format="json")

    assert response.status_code == 403
    assert not User.objects.filter(username="nadia").exists()
