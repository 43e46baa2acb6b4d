"""The last original, wanted by many at once: exactly the stock is sold, nobody deadlocks.

Real threads against the real database (MariaDB in CI, SQLite locally), released together by a
barrier, each placing an order from its own basket through the lock-first order creator.
"""

import threading

import pytest
from django.db import close_old_connections
from oscar.core.loading import get_class, get_model

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.services import NoLongerAvailable, place_order

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Country = get_model("address", "Country")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

ADDRESS = {"first_name": "Ben", "last_name": "Carter", "line1": "1 Quay St", "line4": "Bristol", "postcode": "BS1 4DJ"}

pytestmark = pytest.mark.django_db(transaction=True)


def basket_with(user, artwork, quantity=1):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    basket.add_product(artwork, quantity)
    return basket


def race(buyers: int, stock: int):
    """`buyers` people try to buy one unit each of an artwork with `stock` units; return outcomes."""
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="GB", defaults={"name": "United Kingdom", "printable_name": "United Kingdom"}
    )
    maya = make_artist(username="maya")
    artwork = make_artwork(
        maya,
        title="Estuary at Seven",
        price="1450.00",
        stock=stock,
        is_original=stock == 1,
        edition_size=None if stock == 1 else stock,
    )
    baskets = [basket_with(UserFactory(), artwork) for _ in range(buyers)]
    barrier, outcomes = threading.Barrier(buyers), []

    def buy(basket):
        try:
            barrier.wait()
            place_order(user=basket.owner, basket=basket, shipping_address={**ADDRESS, "country": country})
            outcomes.append("order")
        except NoLongerAvailable:
            outcomes.append("sold out")
        except Exception as error:  # noqa: BLE001  (any other error is a failure we want to see)
            outcomes.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=buy, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return artwork, outcomes


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
    country, _ = Country.objects.get_or_create(iso_3166_1_a2="GB", defaults={"name": "UK", "printable_name": "UK"})
    artwork = make_artwork(
        make_artist(username="maya"), title="Print", price="80.00", stock=5, is_original=False, edition_size=50
    )
    basket = basket_with(UserFactory(), artwork, quantity=2)
    barrier, orders = threading.Barrier(2), []

    def submit():
        try:
            barrier.wait()
            mine = Basket.objects.get(pk=basket.pk)
            orders.append(
                place_order(user=mine.owner, basket=mine, shipping_address={**ADDRESS, "country": country}).pk
            )
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(orders) == 2 and orders[0] == orders[1]
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=artwork).num_allocated == 2
