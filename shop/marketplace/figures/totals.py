"""Counts of people, orders and artworks, and the headline money of a period."""

from decimal import Decimal

from oscar.core.loading import get_model

from . import people
from .money import (
    ARTWORK_SALES,
    FEATURING,
    FEES,
    SUBSCRIPTIONS,
    currency,
    ledger_in,
    money,
    orders_paid,
    revenue_in,
    total,
)
from .periods import Period

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")

TENTH = Decimal("0.1")


def total_users() -> int:
    """Registered active users (`is_active`): buyers, artists and staff alike."""
    return people.users().count()


def total_artists() -> int:
    """Approved artists (pending applicants and suspended artists are not counted)."""
    return people.artists().count()


def total_buyers() -> int:
    """Active users who are neither staff nor artists (no artist profile, whatever its status)."""
    return people.buyers().count()


def orders_placed(period: Period | None = None):
    """Orders placed (in the period, by `date_placed`), in every status."""
    orders = Order.objects.order_by()
    if period is not None:
        orders = orders.filter(date_placed__gte=period.starts_at, date_placed__lt=period.ends_at)
    return orders


def total_orders(period: Period | None = None) -> int:
    """Orders placed (in the period, by `date_placed`), in every status: unpaid, expired and cancelled too."""
    return orders_placed(period).count()


def total_products() -> int:
    """Live artworks (`Product.objects.live()`): public, not hidden, by an approved artist."""
    return Product.objects.live().order_by().count()


def headline(period: Period) -> dict:
    """The period's headline numbers, in five queries.

    - gross_sales: artwork sale entries booked in the period less refund entries booked in it
      (delivery shares left out), so an order paid and refunded in the period adds nothing, and one
      paid before and refunded in the period takes its price off this period;
    - platform_revenue.fees: fee entries less fee reversals booked in the period (positive);
      .subscriptions / .featuring: `PlatformRevenue` of that kind booked in the period (refunds
      subtract); .total: the three together;
    - orders_paid: orders whose artwork sale was booked in the period (later refunds do not undo it);
    - orders_placed: orders placed in the period, every status (`total_orders(period)`);
    - new_buyers: buyers (see `total_buyers`) who registered in the period;
    - new_artists: artists approved in the period (suspended since or not);
    - average_order_value: gross_sales / orders_paid (0.00 when none were paid).
    """
    sums = ledger_in(period).aggregate(
        gross_sales=total(ARTWORK_SALES), fees=total(FEES, sign=-1), orders_paid=orders_paid()
    )
    revenue = revenue_in(period).aggregate(subscriptions=total(SUBSCRIPTIONS), featuring=total(FEATURING))
    fees, subscriptions, featuring = money(sums["fees"]), money(revenue["subscriptions"]), money(revenue["featuring"])
    gross, paid = money(sums["gross_sales"]), sums["orders_paid"]
    return {
        "gross_sales": gross,
        "platform_revenue": {
            "fees": fees,
            "subscriptions": subscriptions,
            "featuring": featuring,
            "total": fees + subscriptions + featuring,
        },
        "orders_paid": paid,
        "orders_placed": total_orders(period),
        "new_buyers": people.buyers().filter(people.joined_in(period)).count(),
        "new_artists": people.newly_approved(period).count(),
        "average_order_value": money(gross / paid) if paid else money(0),
        "currency": currency(),
    }


def change(current, previous) -> Decimal | None:
    """The change from `previous` to `current` in %, to 0.1; None when there was nothing before to compare with."""
    if not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(TENTH)


def _changes(current: dict, previous: dict) -> dict:
    changes = {}
    for name, value in current.items():
        if isinstance(value, dict):
            changes[name] = _changes(value, previous[name])
        elif not isinstance(value, str):
            changes[name] = change(value, previous[name])
    return changes


def compare(period: Period) -> dict:
    """{current: headline(period), previous: headline(period.previous()), change: the same shape in %}.

    A change is Decimal to 0.1 (e.g. 12.5 for +12.5%), or None when the previous number is zero.
    Ten queries.
    """
    current, previous = headline(period), headline(period.previous())
    return {"current": current, "previous": previous, "change": _changes(current, previous)}
