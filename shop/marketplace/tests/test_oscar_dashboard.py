"""Oscar's /dashboard/ home shows the marketplace's figures, not Oscar's own, so no two screens disagree.

Oscar counted "customers" as users with orders, every product (hidden artworks too) and revenue from
every order (unpaid and cancelled too). Its home template is overridden (templates/oscar/dashboard/index.html)
to read `shop.marketplace.figures` through the `marketplace_figures` tags; the thin fork in shop/dashboard/
stops its view from computing the old statistics at all.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from shop.catalogue.services import hide_artwork
from shop.catalogue.tests.factories import make_artwork
from shop.dashboard.views import IndexView
from shop.marketplace import figures
from shop.order.fulfilment import cancel_order
from shop.order.tests.factories import make_order

pytestmark = pytest.mark.django_db

# Oscar's own statistics, each of which contradicted ours.
OSCARS_LABELS = ["Your Store Statistics", "Total Customers", "New Customers", "Total revenue", "Total products"]


@pytest.fixture
def marketplace_with_oddities(two_artist_order, buyer):
    """Ben's order unpaid (£980 + 2 × £120 + delivery), Bea's order cancelled, a hidden artwork of Theo's."""
    quay = make_artwork(two_artist_order["maya"], title="Quay Study", price="45.50")
    cancel_order(order=make_order(buyer, quay))
    hide_artwork(artwork=make_artwork(two_artist_order["theo"], title="Withdrawn", price="60.00"), reason="Copied")
    return two_artist_order


def figure(page: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert match, f"no {name} on the page"
    return match.group(1).strip()


def test_staff_see_the_marketplaces_figures_on_oscars_dashboard(client, admin, marketplace_with_oddities):
    client.force_login(admin)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    page = response.content.decode()
    # Maya's two artworks and Theo's print are live; Theo's hidden artwork is not (Oscar counted 4).
    assert figure(page, "total_products") == str(figures.total_products()) == "3"
    assert figure(page, "total_orders") == str(figures.total_orders()) == "2"
    assert figure(page, "total_buyers") == str(figures.total_buyers())
    assert figure(page, "total_artists") == str(figures.total_artists()) == "2"
    assert figure(page, "total_users") == str(figures.total_users())
    # Nothing was paid: Ben's unpaid order and Bea's cancelled one are no sales (Oscar summed their totals).
    assert figure(page, "gross_sales") == "£0.00" and figure(page, "fees") == "£0.00"
    assert figure(page, "orders_placed") == "2" and figure(page, "orders_paid") == "0"
    ben_order_total = marketplace_with_oddities["order"].total_incl_tax
    assert f"{ben_order_total:,.2f}" not in page
    for label in OSCARS_LABELS:
        assert label not in page
    assert 'href="/cms/"' in page and "Open the Marketplace dashboard" in page
    assert 'http-equiv="refresh"' not in page


def test_the_dashboard_shows_the_same_numbers_as_the_api(client, admin, marketplace_with_oddities):
    from artiqo.testing import api_as

    client.force_login(admin)
    page = client.get("/dashboard/").content.decode()
    api = api_as(admin).get("/api/v1/dashboard/?period=30d").json()

    for name in ("total_products", "total_orders", "total_buyers", "total_artists", "total_users"):
        assert figure(page, name) == str(api[name])
    for name in ("orders_placed", "orders_paid", "new_buyers", "new_artists"):
        assert figure(page, name) == str(api[name])
    assert figure(page, "gross_sales") == f"£{api['gross_sales']}"


def test_buyers_are_kept_out_of_oscars_dashboard(client, buyer):
    client.force_login(buyer)

    assert client.get("/dashboard/").status_code == 403


def test_the_forked_home_view_computes_none_of_oscars_statistics(admin, marketplace_with_oddities):
    request = RequestFactory().get("/dashboard/")
    request.user = admin

    with CaptureQueriesContext(connection) as queries:
        response = IndexView.as_view()(request)
        response.render()

    tables = " ".join(query["sql"] for query in queries)
    assert response.status_code == 200
    assert "Live artworks" in response.content.decode()
    for oscars_table in ("basket_basket", "partner_stockalert", "voucher_voucher", "offer_conditionaloffer"):
        assert oscars_table not in tables


def test_the_installed_dashboard_uses_the_fork():
    """Fails until settings put "shop.dashboard.apps.DashboardConfig" in place of Oscar's dashboard app."""
    assert apps.get_app_config("dashboard").index_view is IndexView
