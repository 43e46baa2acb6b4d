"""The Content-Security-Policy as Chromium enforces it: no page of the site breaks its own policy.

Every violation a page reports (`securitypolicyviolation`) is collected, on the shop's strict
policy, on the payment page with localstripe's Stripe.js stand-in, and on the admin screens'
relaxed one; a blocked script would leave a page half-working without any server error.
"""

import re

import pytest
from django.test import Client
from oscar.core.loading import get_model
from playwright.sync_api import expect

from artists.models import ArtistPage
from shop.order.tests.factories import make_order

Product = get_model("catalogue", "Product")
User = get_model("users", "User")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def visit(page, live_server):
    """Open each path, let its scripts run, and return what the page reported as violations."""
    page.add_init_script(LISTEN)

    def visit(path):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        return page.evaluate("window.__violations")

    return visit


def log_in_as(page, live_server, username):
    """The browser carries a real session of `username` (Django's test client makes it)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    host = re.sub(r"^https?://", "", live_server.url).split(":")[0]
    session = {"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}
    page.context.add_cookies([session])


def test_the_shop_keeps_its_strict_policy(live_server, page, visit, demo_marketplace):
    artwork = Product.objects.live().order_by("pk").first()
    artist_page = ArtistPage.objects.live().order_by("pk").first()

    for path in ["/", "/shop/", "/shop/search/?q=harbour", artwork.get_absolute_url(), artist_page.url]:
        assert visit(path) == [], path

    assert visit("/api/v1/docs/") == []
    expect(page.get_by_text("Artiqo API").first).to_be_visible()  # Swagger UI started

    page.goto(live_server.url + "/")
    page.locator("header input[name=q]").fill("harb")
    expect(page.locator("header").get_by_role("option").first).to_be_visible()  # autocomplete.js ran
    assert page.evaluate("window.__violations") == []


def test_a_buyer_pays_under_the_policy(live_server, page, visit, demo_marketplace):
    ben = User.objects.get(username="ben")
    order = make_order(ben, Product.objects.live().order_by("pk").first())
    log_in_as(page, live_server, "ben")

    for path in ["/shop/basket/", "/shop/accounts/profile/edit/", "/shop/accounts/orders/"]:
        assert visit(path) == [], path
    assert visit(f"/shop/payments/order/{order.number}/") == []
    expect(page.locator("#card-element").get_by_placeholder("number")).to_be_visible()  # Stripe.js ran


@pytest.mark.parametrize(
    ("username", "paths"), [("maya", ["/cms/", "/cms/artworks/"]), ("admin", ["/dashboard/", "/cms/pages/"])]
)
def test_the_admin_screens_work_under_their_relaxed_policy(live_server, page, visit, demo_marketplace, username, paths):
    log_in_as(page, live_server, username)

    for path in paths:
        assert visit(path) == [], path
