"""Writes to orders. Placing an order locks stock first (see `shop/order/utils.py`)."""

from django.db import transaction
from oscar.core.loading import get_class, get_model

from .utils import NoLongerAvailable, OrderCreator

ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Repository = get_class("shipping.repository", "Repository")

__all__ = ["NoLongerAvailable", "place_order"]


@transaction.atomic
def place_order(*, user, basket, shipping_address: dict, shipping_method: str = "delivery"):
    """Turn the buyer's basket into one order, or raise NoLongerAvailable having written nothing.

    `shipping_method` is a code from the shipping repository: "delivery" (a flat rate per artist)
    or "pickup" (collect from the artists, free).
    """
    basket.strategy = Selector().strategy(user=user)
    method = Repository().find_by_code(shipping_method, basket)
    if method is None:
        raise ValueError(f"Unknown shipping method {shipping_method!r}")
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    address = ShippingAddress(**shipping_address)
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        user=user,
        shipping_address=address,
    )
    basket.submit()
    order.refresh_from_db(fields=["number"])  # Oscar leaves the generated number an int until reloaded
    return order
