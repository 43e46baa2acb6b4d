"""Baskets and orders made the way checkout makes them: a buyer's basket, a UK address, `place_order`."""

from oscar.core.loading import get_class, get_model

from shop.order.services import place_order

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")

SHIPPING_ADDRESS = {
    "first_name": "Ben",
    "last_name": "Carter",
    "line1": "1 Quay St",
    "line4": "Bristol",
    "postcode": "BS1 4DJ",
}


def shipping_country():
    """The United Kingdom, offered at checkout (Oscar ships only to countries marked for shipping)."""
    country, _ = Country.objects.update_or_create(
        iso_3166_1_a2="GB",
        defaults={"name": "United Kingdom", "printable_name": "United Kingdom", "is_shipping_country": True},
    )
    return country


def shipping_address() -> dict:
    """Ben's address in Bristol, as `place_order` takes it."""
    return {**SHIPPING_ADDRESS, "country": shipping_country()}


def basket_with(user, *lines):
    """A new basket of `user` holding each line: an artwork (one unit) or an (artwork, quantity) pair."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for line in lines:
        artwork, quantity = line if isinstance(line, tuple) else (line, 1)
        basket.add_product(artwork, quantity)
    return basket


def make_order(user, *lines):
    """An order of `user` for the lines (see `basket_with`), placed through the checkout's order creator."""
    return place_order(user=user, basket=basket_with(user, *lines), shipping_address=shipping_address())
