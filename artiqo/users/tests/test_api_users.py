"""Profile and users endpoints: everyone reaches only their own record, admins everyone's."""

import pytest
from rest_framework.test import APIClient

from artiqo.users.tests.conftest import bearer
from artiqo.users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> APIClient:
    tokens = APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}, format="json")
    return bearer(APIClient(), tokens.json()["access"])


def test_a_user_reads_and_edits_their_profile():
    clara = UserFactory(username="clara")
    api = signed_in(clara)

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
    api = signed_in(UserFactory(username="clara"))

    taken = api.patch("/api/v1/profile/", {"email": "BEN@example.com"}, format="json")
    bad_phone = api.patch("/api/v1/profile/", {"phone_number": "call me"}, format="json")

    assert taken.status_code == 400 and "email" in taken.json()
    assert bad_phone.status_code == 400 and "phone_number" in bad_phone.json()


def test_a_user_cannot_see_or_change_another_user():
    clara, ben = UserFactory(username="clara"), UserFactory(username="ben")
    api = signed_in(ben)

    assert api.get(f"/api/v1/users/{clara.pk}/").status_code == 404
    assert api.patch(f"/api/v1/users/{clara.pk}/", {"first_name": "X"}, format="json").status_code == 404
    assert api.delete(f"/api/v1/users/{clara.pk}/").status_code == 404
    assert api.get(f"/api/v1/users/{ben.pk}/").json()["username"] == "ben"
    clara.refresh_from_db()
    assert clara.first_name != "X" and clara.is_active


def test_only_admins_list_users():
    UserFactory(username="clara")
    admin = UserFactory(username="ada", is_staff=True)

    assert signed_in(UserFactory(username="ben")).get("/api/v1/users/").status_code == 403
    response = signed_in(admin).get("/api/v1/users/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert {"count", "next", "previous", "results"} <= set(response.json())


def test_an_admin_edits_any_user():
    clara = UserFactory(username="clara")

    response = signed_in(UserFactory(username="ada", is_staff=True)).patch(
        f"/api/v1/users/{clara.pk}/", {"last_name": "Moreau"}, format="json"
    )

    assert response.status_code == 200
    clara.refresh_from_db()
    assert clara.last_name == "Moreau"


def test_deleting_your_account_deactivates_it():
    clara = UserFactory(username="clara")

    assert signed_in(clara).delete(f"/api/v1/users/{clara.pk}/").status_code == 204

    clara.refresh_from_db()
    assert not clara.is_active
    login = APIClient().post("/api/v1/auth/login/", {"username": "clara", "password": PASSWORD}, format="json")
    assert login.status_code == 401


def test_anonymous_callers_get_401():
    assert APIClient().get("/api/v1/profile/").status_code == 401
    assert APIClient().get("/api/v1/users/").status_code == 401
