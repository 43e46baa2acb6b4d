"""CORS for a separately hosted front end: the origins of CORS_ALLOWED_ORIGINS, the API only."""

import pytest
from django.test import Client, override_settings

from artiqo.ops.tests.test_production_settings import manage

pytestmark = pytest.mark.django_db

FRONT_END = "https://shop.artiqo.example"
ELSEWHERE = "https://evil.example"


def preflight(path, origin, method="POST", headers="authorization, content-type, idempotency-key"):
    return Client().options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_a_preflight_from_an_allowed_origin_is_answered():
    response = preflight("/api/v1/orders/ORD-1/payments/", FRONT_END)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    allowed_headers = {name.strip() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed_headers
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response, "tokens travel in a header, not cookies"


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_a_preflight_from_another_origin_gets_no_permission():
    response = preflight("/api/v1/auth/login/", ELSEWHERE)

    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_an_allowed_origin_reads_api_responses():
    response = Client().get("/api/v1/products/", HTTP_ORIGIN=FRONT_END)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
def test_the_site_outside_the_api_is_never_shared_cross_origin():
    for response in (preflight("/shop/basket/", FRONT_END), Client().get("/shop/", HTTP_ORIGIN=FRONT_END)):
        assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_unless_configured():
    response = preflight("/api/v1/products/", FRONT_END, method="GET")

    assert "Access-Control-Allow-Origin" not in response


def test_the_origins_come_from_the_environment():
    code = "from django.conf import settings; print(*settings.CORS_ALLOWED_ORIGINS)"
    env = {
        "DJANGO_SETTINGS_MODULE": "artiqo.settings.dev",
        "CORS_ALLOWED_ORIGINS": f"{FRONT_END},http://localhost:5173",
    }

    result = manage("shell", "-v", "0", "-c", code, **env)

    assert result.stdout.split() == [FRONT_END, "http://localhost:5173"], result.stderr
