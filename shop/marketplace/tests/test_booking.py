"""Fees booked when an order is paid: gross, fee and net per line, fixed at that moment."""

from decimal import Decimal

import pytest

from artiqo.testing import api_as
from shop.marketplace import ledger, terms
from shop.marketplace.models import LedgerEntry

pytestmark = pytest.mark.django_db


def pay(order, key="k1"):
    response = api_as(order.user).post(
        f"/api/v1/orders/{order.number}/payments/",
        {"payment_method": "pm_card_visa"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "completed"
    return response.json()


def test_a_paid_two_artist_order_books_gross_fee_and_net_per_line(two_artist_order, admin):
    terms.update_settings(user=admin, default_fee_rate=Decimal("0.15"), minimum_fee=Decimal("40.00"))
    order = two_artist_order["order"]
    pay(order)
    maya, theo = two_artist_order["maya"], two_artist_order["theo"]
    maya_entries = {(e.kind, e.is_shipping): e.amount for e in LedgerEntry.objects.filter(artist=maya)}
    assert maya_entries[("sale", False)] == Decimal("980.00")
    assert maya_entries[("fee", False)] == Decimal("-147.00")  # 15% beats the £40 minimum
    theo_entries = {(e.kind, e.is_shipping): e.amount for e in LedgerEntry.objects.filter(artist=theo)}
    assert theo_entries[("sale", False)] == Decimal("240.00")
    assert theo_entries[("fee", False)] == Decimal("-40.00")  # 15% is £36: the minimum bites
    print(ledger.balances_of(maya), ledger.balances_of(theo), order.shipping_incl_tax)
