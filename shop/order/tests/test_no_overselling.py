"""The last original, wanted by many at once: exactly the stock is sold, nobody deadlocks.

Real threads against MariaDB, released together, each placing an order from its own basket
through the lock-first order creator. Marked `mariadb`: SQLite serialises every writer, so
there these would pass with the stock and basket locks removed.
"""

import pytest
from oscar.core.loading import get_model

from artiqo.testing import all_at_once, repeat_at_once
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.services import NoLongerAvailable, place_order
from shop.order.tests.factories import basket_with, shipping_address

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]


def outcome(result) -> str:
    """An order placed, the polite refusal, or anything else (a failure the assertion shows)."""
    if isinstance(result, Order):
        return "order"
    return "sold out" if isinstance(result, NoLongerAvailable) else repr(result)


def race(buyers: int, stock: int):
    """`buyers` people try to buy one unit each of an artwork with `stock` units; return outcomes."""
    artwork = make_artwork(
        make_artist(username="maya"),
        title="Estuary at Seven",
        price="1450.00",
        stock=stock,
        is_original=stock == 1,
        edition_size=None if stock == 1 else stock,
    )
    address = shipping_address()
    baskets = [basket_with(UserFactory(), artwork) for _ in range(buyers)]
    checkouts = [
        lambda basket=basket: place_order(user=basket.owner, basket=basket, shipping_address=address)
        for basket in baskets
    ]
    return artwork, [outcome(result) for result in all_at_once(*checkouts)]


@pytest.mark.parametrize("buyers", [2, 10, 50])
def test_many_buyers_one_original_exactly_one_order(site_pages, buyers):
    artwork, outcomes = race(buyers, stock=1)

    assert sorted(outcomes) == ["order"] + ["sold out"] * (buyers - 1)
    assert Order.objects.count() == 1
    record = StockRecord.objects.get(product=artwork)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def test_twenty_buyers_five_prints_exactly_five_orders(site_pages):
    artwork, outcomes = race(20, stock=5)

    assert sorted(outcomes) == ["order"] * 5 + ["sold out"] * 15
    assert Order.objects.count() == 5
    assert StockRecord.objects.get(product=artwork).num_allocated == 5


def test_submitting_the_same_basket_twice_at_once_makes_one_order(site_pages):
    artwork = make_artwork(
        make_artist(username="maya"), title="Print", price="80.00", stock=5, is_original=False, edition_size=50
    )
    basket, address = basket_with(UserFactory(), (artwork, 2)), shipping_address()

    def submit():
        mine = Basket.objects.get(pk=basket.pk)
        return place_order(user=mine.owner, basket=mine, shipping_address=address).pk

    orders = repeat_at_once(2, submit)

    assert len(orders) == 2 and orders[0] == orders[1], orders
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=artwork).num_allocated == 2
