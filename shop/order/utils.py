"""Oscar's order creator, made safe under concurrency: lock first, then check, then write.

Stock Oscar reads availability before its transaction and allocates after, so concurrent
buyers of one original all pass the check (overselling) and their allocations deadlock. Here,
inside one transaction, the buyer's basket row is locked (a double submit waits, then finds the
order the first submit made), then every stock record the basket needs is locked in primary-key
order (two checkouts always lock in the same order, so they queue instead of deadlocking),
availability is re-checked on the locked rows, and only then is the order written and allocated.
"""

from django.db import transaction
from oscar.apps.order.utils import *  # noqa: F403  (the fork keeps Oscar's other helpers)
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


class NoLongerAvailable(Exception):
    """Someone else bought it first: nothing was written for this buyer."""

    def __init__(self, titles: list[str]):
        self.titles = titles
        names = ", ".join(f"“{title}”" for title in titles)
        super().__init__(f"Sorry, {names} {'is' if len(titles) == 1 else 'are'} no longer available.")


def lock_stock_for(basket) -> None:
    """Lock the basket's stock records in pk order and check each line still fits."""
    needed: dict[int, int] = {}
    titles: dict[int, str] = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            raise NoLongerAvailable([line.product.get_title() if line.product_id else "an artwork"])
        needed[line.stockrecord_id] = needed.get(line.stockrecord_id, 0) + line.quantity
        titles[line.stockrecord_id] = line.product.get_title()
    records = StockRecord.objects.select_for_update().filter(pk__in=needed).order_by("pk")
    short = [
        titles[record.pk]
        for record in records
        if record.net_stock_level < needed[record.pk]  # on the locked rows
    ]
    if short:
        raise NoLongerAvailable(short)


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, *args, **kwargs):
        """Place the order for `basket` once: idempotent per basket, never beyond the stock."""
        with transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            existing = Order.objects.filter(basket_id=basket.pk).first()
            if existing is not None:
                return existing  # the same checkout submitted twice: one order
            lock_stock_for(basket)
            address = kwargs.get("shipping_address")
            if address is not None and address.pk is None:
                address.save()  # only now: a refused or repeated submit leaves no stray address
            return super().place_order(basket, *args, **kwargs)
