"""A commission through the shop: accepted into a reserved artwork in the cart, ordered, paid, made, shipped.

Real parts throughout: the commission services, the checkout's order creator, payments over the API
against localstripe, the ledger's booking, the artist's `move_line`.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from rest_framework.test import APIClient

from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionQuote, CommissionRequest
from artists.commissions.services import CommissionRefused, decline_commission
from shop.basket.services import add_to_cart, open_basket_for
from shop.catalogue.tests.factories import make_artwork
from shop.commissions.checkout import accept_quote, complete_commission, put_in_cart
from shop.marketplace.models import LedgerEntry
from shop.marketplace.plans import default_plan
from shop.order.fulfilment import CANCELLED, PAID, IllegalTransition, cancel_order, expire_unpaid_orders, move_line
from shop.order.services import NoLongerAvailable

from .test_bridge_helpers import (
    BRIEF,
    PRICE,
    accepted,
    check_out,
    finished_picture,
    open_studio,
    pay,
    quoted,
    reserved_artwork,
)

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
BasketLine = get_model("basket", "Line")
update_artwork = get_class("catalogue.services", "update_artwork")
remove_artwork = get_class("catalogue.services", "remove_artwork")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db
Status = CommissionRequest.Status


@pytest.fixture(autouse=True)
def fresh_stripe_account(localstripe):
    """Payment ids restart with each test's database, and so do Stripe's idempotency keys: forget them."""
    localstripe.forget_everything()


@pytest.fixture
def maya(site_pages):
    return open_studio("maya")


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


def commission_paid_subjects(commission) -> set[str]:
    """The subjects of the two "paid" emails (the artist's and the buyer's) for this commission."""
    return {
        f"Commission #{commission.pk} is paid: start making it",
        f"Payment received: your commission from {commission.artist.display_name}",
    }


def cart_products(user) -> list:
    return [line.product for line in open_basket_for(user).all_lines()]


def test_accepting_a_quote_makes_a_reserved_one_off_in_the_buyers_cart(maya, ben):
    commission = quoted(artist=maya, buyer=ben)

    line = accept_quote(commission=commission, buyer=ben)

    commission.refresh_from_db()
    artwork = reserved_artwork(commission)
    assert commission.status == Status.ACCEPTED and commission.accepted_at is not None
    assert commission.quotes.get().status == CommissionQuote.Status.ACCEPTED
    assert line.product == artwork and line.quantity == 1
    assert cart_products(ben) == [artwork]
    assert artwork.artist == maya and artwork.is_original and artwork.is_public
    assert artwork.title.startswith("Commission: A portrait of my dog Rufus") and len(artwork.title) <= 100
    assert artwork.description == BRIEF
    record = StockRecord.objects.get(product=artwork)
    assert (record.price, record.num_in_stock, record.num_allocated or 0) == (PRICE, 1, 0)
    assert artwork.is_live is False and artwork.units_left == 1


def test_only_its_buyer_accepts_and_only_once(maya, ben):
    commission = quoted(artist=maya, buyer=ben)

    with pytest.raises(CommissionRequest.DoesNotExist):
        accept_quote(commission=commission, buyer=UserFactory(username="cleo"))
    with pytest.raises(CommissionRequest.DoesNotExist):
        accept_quote(commission=commission, buyer=maya.user)
    accept_quote(commission=commission, buyer=ben)
    with pytest.raises(CommissionRefused) as again:
        accept_quote(commission=commission, buyer=ben)

    assert again.value.code == "state" and again.value.status == 409
    assert Product.objects.filter(commission=commission).count() == 1
    assert BasketLine.objects.filter(product__commission=commission).count() == 1


def test_an_expired_quote_cannot_be_accepted_and_nothing_is_made(maya, ben):
    commission = quoted(artist=maya, buyer=ben)
    CommissionQuote.objects.filter(commission=commission).update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(CommissionRefused) as refused:
        accept_quote(commission=commission, buyer=ben)

    assert refused.value.code == "expired"
    assert not Product.objects.filter(commission=commission).exists()


def test_a_cart_in_another_currency_refuses_the_accept_and_leaves_nothing_behind(maya, ben):
    euro_print = make_artwork(
        open_studio("theo"), title="Euro print", price="40.00", stock=5, is_original=False, edition_size=50
    )
    StockRecord.objects.filter(product=euro_print).update(price_currency="EUR")
    add_to_cart(basket=open_basket_for(ben), product=euro_print)
    commission = quoted(artist=maya, buyer=ben)

    with pytest.raises(CommissionRefused) as refused:
        accept_quote(commission=commission, buyer=ben)

    assert refused.value.status == 409
    assert "your cart is in EUR" in refused.value.message and "empty your cart" in refused.value.message
    commission.refresh_from_db()
    assert commission.status == Status.QUOTED and commission.accepted_at is None
    assert commission.quotes.get().status == CommissionQuote.Status.OPEN
    assert not Product.objects.filter(commission=commission).exists()
    assert cart_products(ben) == [euro_print]


def test_a_commission_is_not_a_listing_so_an_artist_at_their_limit_can_still_accept(maya, ben):
    plan = default_plan()
    plan.listing_limit = 1
    plan.save()
    make_artwork(maya, title="The one listing the plan allows")
    commission = quoted(artist=maya, buyer=ben)

    accept_quote(commission=commission, buyer=ben)

    assert reserved_artwork(commission).is_public


def test_pay_button_puts_the_artwork_back_once_and_refuses_other_states(maya, ben):
    commission = accepted(artist=maya, buyer=ben)
    first = open_basket_for(ben).all_lines()[0]

    assert put_in_cart(commission=commission, buyer=ben).pk == first.pk  # already there: the same line
    open_basket_for(ben).flush()
    line = put_in_cart(commission=commission, buyer=ben)
    assert line.product == reserved_artwork(commission) and cart_products(ben) == [line.product]
    with pytest.raises(CommissionRequest.DoesNotExist):
        put_in_cart(commission=commission, buyer=UserFactory(username="cleo"))

    waiting = quoted(artist=maya, buyer=ben, brief="Another one")
    with pytest.raises(CommissionRefused) as refused:
        put_in_cart(commission=waiting, buyer=ben)
    assert refused.value.code == "state"


def test_the_whole_way_paid_once_booked_made_then_shipped(maya, ben, django_capture_on_commit_callbacks):
    commission = accepted(artist=maya, buyer=ben)
    artwork = reserved_artwork(commission)
    order = check_out(ben)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(order)
    with django_capture_on_commit_callbacks(execute=True):
        pay(order)  # the same request retried: nothing more happens

    order.refresh_from_db()
    commission.refresh_from_db()
    assert order.status == PAID and payment.status == "completed"
    assert (commission.status, commission.order_number) == (Status.PAID, order.number)
    paid_mails = [message for message in mail.outbox if message.subject in commission_paid_subjects(commission)]
    assert sorted(message.to[0] for message in paid_mails) == sorted([maya.user.email, ben.email])
    line = order.lines.get()
    assert line.product == artwork and line.line_price_incl_tax == PRICE
    booked = {entry.kind: entry.amount for entry in LedgerEntry.objects.filter(line=line)}
    assert booked[LedgerEntry.SALE] == PRICE and booked[LedgerEntry.FEE] < 0

    with pytest.raises(IllegalTransition, match="Mark the commission completed"):
        move_line(line=line, artist=maya, status="shipped")
    with pytest.raises(CommissionRefused, match="Add a picture of the finished piece first") as no_picture:
        complete_commission(commission=commission, artist=maya)
    assert no_picture.value.status == 400
    with pytest.raises(CommissionRequest.DoesNotExist):
        complete_commission(commission=commission, artist=open_studio("theo"), pictures=[finished_picture()])

    complete_commission(commission=commission, artist=maya, pictures=[finished_picture()])
    commission.refresh_from_db()
    assert commission.status == Status.COMPLETED and artwork.images.count() == 1
    shipped = move_line(line=line, artist=maya, status="shipped", tracking_code="RM1")
    assert shipped.status == "shipped"
    order.refresh_from_db()
    assert order.status == "Shipped"


def test_a_commission_not_yet_paid_cannot_be_completed(maya, ben):
    commission = accepted(artist=maya, buyer=ben)

    with pytest.raises(CommissionRefused) as refused:
        complete_commission(commission=commission, artist=maya, pictures=[finished_picture()])

    assert refused.value.code == "state"
    assert reserved_artwork(commission).images.count() == 0


def test_declining_an_accepted_commission_withdraws_its_artwork_from_the_shop_and_every_cart(maya, ben):
    commission = accepted(artist=maya, buyer=ben)
    artwork = reserved_artwork(commission)

    decline_commission(commission=commission, by_user=maya.user, reason="Too busy after all")

    artwork.refresh_from_db()
    assert artwork.is_public is False and artwork.is_live is False
    assert cart_products(ben) == []
    assert not Product.objects.reserved_for(ben).exists()


def test_declining_while_an_order_for_it_awaits_payment_is_refused_and_changes_nothing(maya, ben):
    commission = accepted(artist=maya, buyer=ben)
    order = check_out(ben)

    with pytest.raises(CommissionRefused, match=f"Order {order.number} for this commission is awaiting payment"):
        decline_commission(commission=commission, by_user=maya.user)

    commission.refresh_from_db()
    assert commission.status == Status.ACCEPTED and reserved_artwork(commission).is_public


def test_an_unpaid_order_that_expires_leaves_the_commission_accepted_to_pay_again(
    maya, ben, django_capture_on_commit_callbacks
):
    commission = accepted(artist=maya, buyer=ben)
    artwork = reserved_artwork(commission)
    first = check_out(ben)
    with pytest.raises(CommissionRefused, match=f"in your order {first.number} awaiting payment"):
        put_in_cart(commission=commission, buyer=ben)

    later = timezone.now() + timedelta(minutes=settings.ORDER_PAYMENT_HOLD_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid_orders(now=later) == [first.number]

    commission.refresh_from_db()
    artwork.refresh_from_db()
    assert commission.status == Status.ACCEPTED and artwork.units_left == 1 and artwork.is_public
    put_in_cart(commission=commission, buyer=ben)
    second = check_out(ben)
    with django_capture_on_commit_callbacks(execute=True):
        pay(second, key="k2")
    commission.refresh_from_db()
    assert (commission.status, commission.order_number) == (Status.PAID, second.number)


def test_a_paid_order_cancelled_cancels_the_commission_and_withdraws_the_artwork(
    maya, ben, django_capture_on_commit_callbacks
):
    commission = accepted(artist=maya, buyer=ben)
    order = check_out(ben)
    with django_capture_on_commit_callbacks(execute=True):
        pay(order)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order, note="Changed my mind")

    order.refresh_from_db()
    commission.refresh_from_db()
    artwork = reserved_artwork(commission)
    assert order.status == CANCELLED and commission.status == Status.CANCELLED
    assert artwork.is_public is False
    with pytest.raises(CommissionRefused):
        put_in_cart(commission=commission, buyer=ben)


def test_a_sold_commission_cannot_be_ordered_twice(maya, ben):
    commission = accepted(artist=maya, buyer=ben)
    artwork = reserved_artwork(commission)
    check_out(ben)

    # The one unit is promised to the order: the artwork cannot go back in, nor be ordered again even
    # from a cart that slipped past the cart's rules.
    with pytest.raises(CommissionRefused):
        put_in_cart(commission=commission, buyer=ben)
    sneaky = open_basket_for(ben)
    sneaky.add_product(artwork, 1)
    with pytest.raises(NoLongerAvailable):
        check_out(ben)
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=artwork).num_allocated == 1


def test_the_artist_cannot_reprice_restock_or_unpublish_an_accepted_commission(maya, ben):
    artwork = reserved_artwork(accepted(artist=maya, buyer=ben))

    with pytest.raises(ValidationError) as refused:
        update_artwork(artwork=artwork, price=Decimal("900.00"), stock=3, is_public=False)

    assert set(refused.value.message_dict) == {"price", "stock", "is_public"}
    record = StockRecord.objects.get(product=artwork)
    assert (record.price, record.num_in_stock) == (PRICE, 1)
    # The same values (a full studio form) and the words are the artist's to change.
    update_artwork(artwork=artwork, price=PRICE, stock=1, is_public=True, title="Rufus by the harbour")
    assert reserved_artwork(artwork.commission).title == "Rufus by the harbour"
    # Removing it would leave the buyer an accepted commission they cannot pay: declining is the way out.
    with pytest.raises(ValidationError, match="decline the commission"):
        remove_artwork(artwork=artwork)
    assert Product.objects.filter(pk=artwork.pk, is_public=True).exists()


def test_removing_an_accepted_commission_in_the_studio_or_the_api_says_to_decline_it(maya, ben, client):
    artwork = reserved_artwork(accepted(artist=maya, buyer=ben))
    client.force_login(maya.user)

    page = client.post(reverse("studio_artworks:remove", args=[artwork.pk]), follow=True)

    assert page.status_code == 200
    assert "decline the commission to withdraw it" in page.content.decode()
    api = APIClient()
    api.force_authenticate(maya.user)
    answer = api.delete(f"/api/v1/products/{artwork.pk}/")
    assert answer.status_code == 400
    assert "decline the commission" in str(answer.json())
    assert Product.objects.filter(pk=artwork.pk, is_public=True).exists()
