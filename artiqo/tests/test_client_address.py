"""Whose address the login limits count (issue 12's throttle bypass).

DRF trusted X-Forwarded-For whenever NUM_PROXIES was unset, so a new made-up header per request
escaped the sign-up and login limits; django-axes read only the connection's address, so behind a
proxy every client shared the proxy's address and anyone could lock anyone out. Both now read
the address one way: X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies, its right-most
hop(s) only.
"""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from artiqo.ops.tests.test_production_settings import manage
from artiqo.users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the reverse proxy's own address, as Django sees the connection
BEHIND_ONE_PROXY = override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})


def sign_up(client, forwarded_for=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/api/v1/auth/register/", {}, content_type="application/json", **headers)


def log_in(client, password, forwarded_for=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    body = {"username": "clara", "password": password}
    return client.post("/api/v1/auth/login/", body, content_type="application/json", **headers)


def register_limit() -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["register"].split("/")[0])


def test_a_new_forwarded_for_per_request_does_not_escape_the_sign_up_limit():
    client = Client()
    for n in range(register_limit()):
        assert sign_up(client, forwarded_for=f"198.51.100.{n}").status_code == 400  # counted, then refused

    response = sign_up(client, forwarded_for="203.0.113.99")

    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()


@BEHIND_ONE_PROXY
def test_behind_a_trusted_proxy_the_right_most_address_is_the_client():
    client = Client()
    for n in range(register_limit()):
        # Whatever the client wrote comes first; the proxy appends the address it saw.
        assert sign_up(client, forwarded_for=f"made-up-{n}, 203.0.113.7").status_code == 400

    assert sign_up(client, forwarded_for="another-lie, 203.0.113.7").status_code == 429
    assert sign_up(client, forwarded_for="203.0.113.7, 198.51.100.8").status_code == 400, "another client"


def test_failed_logins_lock_the_account_for_the_connection_whatever_it_forwards():
    UserFactory(username="clara")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", forwarded_for=f"198.51.100.{n}", remote="192.0.2.5")

    locked = log_in(client, PASSWORD, forwarded_for="203.0.113.1", remote="192.0.2.5")

    assert locked.status_code == 429
    assert log_in(Client(), PASSWORD, remote="192.0.2.6").status_code == 200, "another connection still logs in"


@BEHIND_ONE_PROXY
def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another():
    UserFactory(username="clara")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", forwarded_for="198.51.100.66")

    assert log_in(client, PASSWORD, forwarded_for="spoofed, 198.51.100.66").status_code == 429
    assert log_in(Client(), PASSWORD, forwarded_for="198.51.100.66, 203.0.113.1").status_code == 200


@BEHIND_ONE_PROXY
def test_a_forwarded_address_that_is_no_address_counts_as_the_connection():
    from axes.models import AccessAttempt

    UserFactory(username="clara")
    log_in(Client(), "wrong", forwarded_for="<script>, not-an-address")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_trusted_proxy_count_comes_from_the_environment():
    code = "from django.conf import settings as s; print(s.REST_FRAMEWORK['NUM_PROXIES'], s.AXES_CLIENT_IP_CALLABLE)"
    dev = {"DJANGO_SETTINGS_MODULE": "artiqo.settings.dev"}

    default = manage("shell", "-v", "0", "-c", code, **dev)
    configured = manage("shell", "-v", "0", "-c", code, **dev, TRUSTED_PROXY_COUNT="2")

    assert default.stdout.split() == ["0", "artiqo.users.lockout.client_address"], default.stderr
    assert configured.stdout.split()[0] == "2", configured.stderr
