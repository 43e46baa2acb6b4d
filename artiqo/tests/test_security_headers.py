"""Content-Security-Policy, Permissions-Policy and a JSON-only API in production (issue 12).

The shop's policy forbids inline script and anything not served by Artiqo; only the payment page
adds Stripe.js and its frames. The admin screens (Wagtail, Oscar's dashboard, Django's admin)
still run inline script of their own, so they get a relaxed policy of their own.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from artiqo.ops.tests.test_production_settings import manage
from artiqo.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("path", ["/", "/shop/", "/shop/search/?q=harbour", "/shop/accounts/login/", "/api/v1/"])
def test_the_site_forbids_inline_script_and_outside_sources(site_pages, path):
    csp = policy(Client().get(path))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no other origin"
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in " ".join(csp.get("style-src", []))


def test_only_the_payment_page_allows_stripe_js(client, two_artist_order, localstripe):
    order = two_artist_order["order"]
    client.force_login(order.user)

    csp = policy(client.get(reverse("payments:pay", kwargs={"number": order.number})))

    assert csp["script-src"] == ["'self'", localstripe.url], "localstripe's stand-in for Stripe.js"
    assert localstripe.url in csp["frame-src"] and localstripe.url in csp["connect-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert localstripe.url not in policy(client.get("/shop/"))["script-src"]


@override_settings(STRIPE_SECRET_KEY="sk_test_real_stripe", STRIPE_API_BASE="")
def test_with_real_stripe_the_payment_page_allows_stripes_own_origins(client, two_artist_order):
    order = two_artist_order["order"]
    client.force_login(order.user)

    csp = policy(client.get(reverse("payments:pay", kwargs={"number": order.number})))

    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(csp["script-src"])
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(csp["frame-src"])
    assert "https://api.stripe.com" in csp["connect-src"]


@pytest.mark.parametrize("path", ["/cms/login/", "/dashboard/login/", "/django-admin/login/"])
def test_the_admin_screens_get_their_own_relaxed_policy(path):
    csp = policy(Client().get(path, follow=True))

    assert "'unsafe-inline'" in csp["script-src"], "Wagtail's and Oscar's admin templates run inline script"
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert "https://js.stripe.com" not in csp["script-src"]


def test_every_page_denies_powerful_features():
    header = Client().get("/shop/")["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))

    for feature in ("camera", "microphone", "geolocation", "usb"):
        assert features[feature] == "()"


def test_no_template_holds_inline_script():
    """Script lives in static/ files: the policy has no 'unsafe-inline' to let inline <script> run."""
    # <script> without src (a JSON data block, type="application/json", runs nothing and may stay).
    inline = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE)
    handlers = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [
        str(template.relative_to(TEMPLATES))
        for template in TEMPLATES.rglob("*.html")
        if inline.search(template.read_text()) or handlers.search(template.read_text())
    ]

    assert offenders == []


def test_the_api_answers_a_browser_in_json():
    api = Client()

    response = api.get("/api/v1/products/", HTTP_ACCEPT=BROWSER_ACCEPT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()


def test_only_development_renders_the_browsable_api():
    code = "from django.conf import settings; print(*settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"

    production = manage("shell", "-v", "0", "-c", code)
    development = manage("shell", "-v", "0", "-c", code, DJANGO_SETTINGS_MODULE="artiqo.settings.dev")

    assert production.stdout.split() == ["rest_framework.renderers.JSONRenderer"], production.stderr
    assert "rest_framework.renderers.BrowsableAPIRenderer" in development.stdout.split(), development.stderr


def test_the_admin_relaxation_stays_on_admin_paths(client, site_pages):  # the studio home lists pages
    client.force_login(UserFactory(username="ada", is_staff=True, is_superuser=True))

    assert "'unsafe-inline'" in policy(client.get("/cms/"))["script-src"]
    assert policy(client.get("/shop/"))["script-src"] == ["'self'"]
