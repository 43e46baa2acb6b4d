"""One quote accepted twice at once (a double click, the site and the app together): one artwork, one order.

Real threads against MariaDB, released together. Marked `mariadb`: SQLite serialises every writer,
so there these would pass with the commission's row lock removed.
"""

import pytest
from oscar.core.loading import get_model

from artiqo.testing import all_at_once, repeat_at_once
from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionRequest
from artists.commissions.services import CommissionRefused, decline_commission
from shop.commissions.checkout import accept_quote

from .test_bridge_helpers import check_out, open_studio, quoted

Product = get_model("catalogue", "Product")
BasketLine = get_model("basket", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]


def outcome(result) -> str:
    """A cart line, the polite refusal, or anything else (a failure the assertion shows)."""
    if isinstance(result, BasketLine):
        return "accepted"
    if isinstance(result, CommissionRefused) and result.code == "state":
        return "refused"
    return repr(result)


@pytest.mark.parametrize("clicks", [2, 5])
def test_accepting_one_quote_at_once_makes_one_artwork_one_cart_line_one_order(site_pages, clicks):
    maya, ben = open_studio("maya"), UserFactory(username="ben")
    commission = quoted(artist=maya, buyer=ben)

    def accept():
        return accept_quote(commission=CommissionRequest.objects.get(pk=commission.pk), buyer=ben)

    outcomes = [outcome(result) for result in repeat_at_once(clicks, accept)]

    assert sorted(outcomes) == ["accepted"] + ["refused"] * (clicks - 1)
    commission.refresh_from_db()
    assert commission.status == CommissionRequest.Status.ACCEPTED
    artwork = Product.objects.get(commission=commission)
    assert Product.objects.filter(artist=maya).count() == 1
    assert list(BasketLine.objects.values_list("product_id", "quantity")) == [(artwork.pk, 1)]
    order = check_out(ben)
    assert Order.objects.count() == 1 and list(order.lines.values_list("product_id", "quantity")) == [(artwork.pk, 1)]
    record = StockRecord.objects.get(product=artwork)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def test_an_accept_racing_a_decline_leaves_nothing_on_sale_or_in_a_cart(site_pages):
    maya, ben = open_studio("maya"), UserFactory(username="ben")
    commission = quoted(artist=maya, buyer=ben)

    def accept():
        return accept_quote(commission=CommissionRequest.objects.get(pk=commission.pk), buyer=ben)

    def decline():
        return decline_commission(commission=CommissionRequest.objects.get(pk=commission.pk), by_user=maya.user)

    accepted, declined = all_at_once(accept, decline)

    assert isinstance(declined, CommissionRequest), declined
    assert outcome(accepted) in {"accepted", "refused"}  # first or second: either way, the decline wins
    commission.refresh_from_db()
    assert commission.status == CommissionRequest.Status.DECLINED
    assert not Product.objects.filter(commission=commission, is_public=True).exists()
    assert not BasketLine.objects.exists()
