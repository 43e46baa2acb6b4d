"""The studio's Earnings section (/cms/earnings/): an artist's own money, read from the ledger, and its CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import ledger
from shop.marketplace.models import LedgerEntry
from shop.marketplace.tests.conftest import deliver, line_of, pay
from shop.marketplace.tests.factories import on_unlimited_plan
from shop.order.tests.factories import make_order

pytestmark = pytest.mark.django_db

INDEX = "/cms/earnings/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def earnings_url(artist) -> str:
    return f"/cms/earnings/{artist.pk}/"


def statement_url(artist) -> str:
    return f"/cms/earnings/{artist.pk}/statement.csv"


def statement_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def superuser():
    return get_user_model().objects.create_superuser(email="root@example.com", password="x", username="root")


def test_an_artist_sees_their_balances_as_the_ledger_sums_them(paid_order):
    maya, theo, order = paid_order["maya"], paid_order["theo"], paid_order["order"]
    deliver(line_of(order, maya))
    delivered_at = line_of(order, maya).delivered_at

    response = client_for(maya.user).get(INDEX)

    body = response.content.decode()
    assert response.status_code == 200
    balances = ledger.balances_of(maya)
    assert response.context["balances"] == balances
    assert balances["pending"] == Decimal("841.00") and balances["available"] == Decimal("0.00")
    assert 'id="balance-pending"><dt>Pending</dt><dd>£841.00</dd>' in body
    assert 'id="balance-available"><dt>Available</dt><dd>£0.00</dd>' in body
    assert "14 days after delivery" in body
    sale = next(row for row in response.context["rows"] if row.entry.kind == "sale" and not row.entry.is_shipping)
    assert (sale.gross, sale.fee, sale.rate, sale.net) == (
        Decimal("980.00"),
        Decimal("147.00"),
        "15%",
        Decimal("833.00"),
    )
    assert "Harbour Blue" in body and "£980.00" in body and "£147.00" in body and "(15%)" in body
    assert "£833.00" in body and "Delivery charge" in body and "£8.00" in body
    available_from = timezone.localtime(delivered_at + timedelta(days=14))
    assert f"available from {format_date(available_from, 'j M Y')}" in body
    assert order.number in body
    assert "Ancoats Grid" not in body, "Theo's sale is not Maya's business"
    theo_body = client_for(theo.user).get(INDEX).content.decode()
    assert "£212.00" in theo_body and "Pending — becomes available 14 days after delivery" in theo_body


def test_earnings_become_available_once_delivered_and_past_the_hold(matured_order):
    maya = matured_order["maya"]

    response = client_for(maya.user).get(INDEX)

    body = response.content.decode()
    assert response.context["balances"] == ledger.balances_of(maya)
    assert 'id="balance-available"><dt>Available</dt><dd>£841.00</dd>' in body
    assert 'id="balance-pending"><dt>Pending</dt><dd>£0.00</dd>' in body
    assert {row.state for row in response.context["rows"]} == {"available"}


def test_a_cancelled_paid_order_shows_its_refunds_and_leaves_nothing_owed(
    paid_order, django_capture_on_commit_callbacks
):
    maya, order = paid_order["maya"], paid_order["order"]
    with django_capture_on_commit_callbacks(execute=True):
        assert api_as(order.user).post(f"/api/v1/orders/{order.number}/cancel/").status_code == 200

    response = client_for(maya.user).get(INDEX)

    body = response.content.decode()
    assert ledger.balances_of(maya)["pending"] == Decimal("0.00")
    assert 'id="balance-pending"><dt>Pending</dt><dd>£0.00</dd>' in body
    refund = next(row for row in response.context["rows"] if row.entry.kind == "refund" and not row.entry.is_shipping)
    assert (refund.gross, refund.fee, refund.net) == (Decimal("-980.00"), Decimal("-147.00"), Decimal("-833.00"))
    assert "Refunded to the buyer" in body and "Delivery charge refunded" in body
    assert "−£833.00" in body or "-£833.00" in body


def test_an_artist_cannot_open_another_artists_earnings_or_statement(paid_order):
    maya, theo = paid_order["maya"], paid_order["theo"]
    studio = client_for(theo.user)

    for url in (earnings_url(maya), statement_url(maya)):
        response = studio.get(url)
        assert response.status_code == 404, url
        assert b"Harbour Blue" not in response.content
    missing = max(maya.pk, theo.pk) + 100
    assert studio.get(f"/cms/earnings/{missing}/").status_code == 404, "another's id looks like a missing one"
    assert studio.get(earnings_url(theo)).status_code == 200


def test_buyers_are_refused_the_earnings_pages(paid_order):
    buyer, maya = paid_order["order"].user, paid_order["maya"]
    client = client_for(buyer)

    for url in (INDEX, earnings_url(maya), statement_url(maya)):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Harbour Blue" not in response.content and b"841" not in response.content


def test_the_statement_csv_has_every_entry_and_sums_to_the_balance(paid_order):
    maya, order = paid_order["maya"], paid_order["order"]

    response = client_for(maya.user).get(statement_url(maya))

    assert response["Content-Disposition"] == f'attachment; filename="artiqo-statement-artist-{maya.pk}.csv"'
    rows = statement_of(response)
    assert list(rows[0]) == ["date", "kind", "order", "artwork", "description", "gross", "fee", "net", "currency"]
    assert len(rows) == LedgerEntry.objects.filter(artist=maya).count() == 3
    by_kind = {(row["kind"], row["artwork"]): row for row in rows}
    sale, fee = by_kind[("sale", "Harbour Blue")], by_kind[("fee", "Harbour Blue")]
    assert (sale["order"], sale["gross"], sale["net"], sale["currency"]) == (order.number, "980.00", "980.00", "GBP")
    assert (fee["gross"], fee["fee"], fee["net"]) == ("980.00", "147.00", "-147.00")
    assert by_kind[("sale", "")]["net"] == "8.00"  # the delivery share
    balances = ledger.balances_of(maya)
    assert sum(Decimal(row["net"]) for row in rows) == balances["pending"] + balances["available"]


def test_the_statement_csv_never_hands_a_spreadsheet_a_formula(paid_order):
    maya, order = paid_order["maya"], paid_order["order"]
    order.lines.filter(pk=line_of(order, maya).pk).update(title='=HYPERLINK("http://evil.example")')

    rows = statement_of(client_for(maya.user).get(statement_url(maya)))

    assert {row["artwork"] for row in rows if row["kind"] == "sale"} == {'\'=HYPERLINK("http://evil.example")', ""}
    assert all(not row["description"].startswith("=") for row in rows)


def test_an_admin_is_sent_to_the_marketplace_and_may_open_any_artists_earnings(paid_order):
    maya = paid_order["maya"]
    studio = client_for(superuser())

    assert studio.get(INDEX)["Location"] == reverse("studio_marketplace:index")
    response = studio.get(earnings_url(maya))
    assert response.status_code == 200
    assert "Balances of Maya" in response.content.decode() and "£841.00" in response.content.decode()
    assert statement_of(studio.get(statement_url(maya)))
    assert studio.get("/cms/earnings/999999/").status_code == 404


def test_the_earnings_menu_item_is_for_selling_artists(paid_order):
    maya = paid_order["maya"]

    assert f'"{INDEX}"' in client_for(maya.user).get("/cms/").content.decode()
    assert f'"{INDEX}"' not in client_for(superuser()).get("/cms/").content.decode()


# --- cost ---------------------------------------------------------------------------------------


def sell_prints(artist, buyer, count: int, start: int):
    """One paid order of `count` of the artist's prints: `count` sale rows on the Earnings page."""
    artworks = [
        make_artwork(artist, title=f"Print {number}", price="30.00", stock=3, is_original=False, edition_size=10)
        for number in range(start, start + count)
    ]
    pay(make_order(buyer, *artworks), key=f"k{start}")


def queries_for(client, url) -> tuple[int, object]:
    client.get(url)  # the first sight warms the session and the site; the steady state is what counts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            response.content_lines = b"".join(response.streaming_content).decode().splitlines()
    return len(queries), response


def test_the_page_and_the_statement_cost_the_same_queries_for_3_or_30_sales(site_pages, default_terms):
    from artists.tests.factories import make_artist

    maya, buyer = make_artist(username="maya"), UserFactory(username="ben")
    on_unlimited_plan(maya)  # 30 prints: more than the free plan's 20 listings
    studio = client_for(maya.user)
    sell_prints(maya, buyer, 3, start=0)
    few_page, few = queries_for(studio, INDEX)
    few_csv, few_statement = queries_for(studio, statement_url(maya))
    sell_prints(maya, buyer, 27, start=3)

    many_page, many = queries_for(studio, INDEX)
    many_csv, many_statement = queries_for(studio, statement_url(maya))

    assert (len(few.context["rows"]), len(many.context["rows"])) == (4, 32)  # sales + one delivery share per order
    assert many_page == few_page, f"{few_page} queries for 3 sales, {many_page} for 30"
    assert (len(few_statement.content_lines), len(many_statement.content_lines)) == (8, 63)
    assert many_csv == few_csv, f"{few_csv} queries for 3 sales' CSV, {many_csv} for 30"
