"""What a hostile client found (issue 12): each probe answers 4xx with a message, never a 500 or HTML."""

import json

import pytest
from django.test import Client, RequestFactory

from artiqo.api import errors
from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]


# --- Every response under /api/ is JSON ------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v1/nothing-here/", "/api/v2/products/", "/api/v1/products/1/nothing/", "/api/v1/nope"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_path_is_a_json_404(path, method):
    assert_json_error(getattr(Client(), method)(path), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [("delete", "/api/v1/auth/login/"), ("get", "/api/v1/auth/register/"), ("put", "/api/v1/products/")],
)
def test_a_wrong_method_is_a_json_405(method, path):
    assert_json_error(getattr(Client(), method)(path), 405)


@pytest.mark.parametrize(("handler", "status"), [(errors.page_not_found, 404), (errors.server_error, 500)])
def test_the_project_error_pages_answer_json_under_the_api(handler, status):
    """handler404/handler500: what a view outside DRF raises under /api/ comes back as JSON too."""
    api_error = handler(RequestFactory().get("/api/v1/anything/"))
    site_error = handler(RequestFactory().get("/shop/anything/"))

    assert_json_error(api_error, status)
    assert site_error.status_code == status and site_error["Content-Type"].startswith("text/html")


def test_the_api_root_is_json():
    response = Client().get("/api/v1/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("user_id", ["register", "null,null", "1.5", "-1", "0x1", "%20", "me"])
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_a_non_numeric_user_id_is_a_404_for_every_method(user_id, method):
    api = api_as(UserFactory(username="clara", is_staff=True))

    response = getattr(api, method)(f"/api/v1/users/{user_id}/", {"first_name": "X"}, format="json")

    assert_json_error(response, 404)


@pytest.mark.parametrize("path", ["products", "categories", "payments", "cart/items"])
def test_a_non_numeric_id_is_a_404_on_every_object_route(path):
    api = api_as(UserFactory(username="clara"))

    assert_json_error(api.get(f"/api/v1/{path}/null,null/"), 404)


# --- JSON nested beyond reason --------------------------------------------------------------

DEEP_LIST = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT, '{"username": ' + DEEP_LIST + "}"])
@pytest.mark.parametrize("path", ["/api/v1/auth/login/", "/api/v1/auth/register/", "/api/v1/auth/refresh/"])
def test_deeply_nested_json_is_refused_with_a_400(path, body):
    response = Client().post(path, body, content_type="application/json")

    assert_json_error(response, 400)
    assert "nested" in response.json()["detail"]


def test_deeply_nested_json_is_refused_on_authenticated_endpoints_too():
    api = api_as(UserFactory(username="clara"))
    nested_a_little_too_deep = "[" * 40 + "]" * 40

    for response in (
        api.patch("/api/v1/profile/", DEEP_OBJECT, content_type="application/json"),
        api.post("/api/v1/cart/items/", DEEP_LIST, content_type="application/json"),
        api.patch("/api/v1/profile/", nested_a_little_too_deep, content_type="application/json"),
    ):
        assert_json_error(response, 400)


def test_ordinary_nesting_still_parses():
    clara = UserFactory(username="clara")

    response = api_as(clara).patch("/api/v1/profile/", {"first_name": "Clara"}, format="json")

    assert response.status_code == 200
    assert response.json()["first_name"] == "Clara"


# --- Site logout and the admin entry point --------------------------------------------------


def test_a_get_cannot_log_a_user_out():
    client = Client()
    client.force_login(UserFactory(username="clara"))

    response = client.get("/shop/accounts/logout/")

    assert response.status_code == 405
    assert client.get("/shop/accounts/profile/").status_code == 200


def test_logout_by_post_ends_the_session():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="clara"))
    assert client.post("/shop/accounts/logout/").status_code == 403, "a cross-site form without a CSRF token fails"

    page = client.get("/shop/accounts/profile/")
    token = page.context["csrf_token"]
    assert 'action="/shop/accounts/logout/"' in page.content.decode()
    response = client.post("/shop/accounts/logout/", {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert client.get("/shop/accounts/profile/").status_code == 302


def test_admin_leads_to_the_admin_entry_point():
    response = Client().get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/cms/"
