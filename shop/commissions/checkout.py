"""Where a commission meets the shop: the accepted quote becomes a one-off artwork reserved for its buyer,
that artwork goes into their cart and through the normal checkout, and the artist finishes it with pictures.

Every step locks the commission row first (`artists.commissions.services.lock`), so two accepts of one
quote, or an accept racing a decline, take turns: one artwork, one cart line, one order.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.text import Truncator
from oscar.core.loading import get_class, get_model

from artists.commissions.models import CommissionRequest
from artists.commissions.services import CommissionRefused, lock, mark_accepted, mark_completed
from shop.catalogue.listing import refresh_listing
from shop.order.fulfilment import PENDING_PAYMENT

Product = get_model("catalogue", "Product")
Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
OrderLine = get_model("order", "Line")
create_artwork = get_class("catalogue.services", "create_artwork")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
open_basket_for = get_class("basket.services", "open_basket_for")
add_to_cart = get_class("basket.services", "add_to_cart")

TITLE_WORDS = 8
TITLE_CHARS = 80
# Baskets a withdrawn artwork is taken out of: the cart, saved-for-later, and one frozen mid-checkout.
UNSUBMITTED_BASKETS = (Basket.OPEN, Basket.SAVED, Basket.FROZEN)


def commission_title(brief: str) -> str:
    """ "Commission: " and the brief's first words, short enough for a card and the order line."""
    first_words = Truncator(" ".join(brief.split())).words(TITLE_WORDS)
    return f"Commission: {Truncator(first_words).chars(TITLE_CHARS)}"


def reserved_artwork_visible_to(product, user) -> bool:
    """Who may see a commissioned one-off: its buyer (while it is reserved), its artist and staff."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or (product.artist_id and product.artist.user_id == user.pk):
        return True
    return Product.objects.reserved_for(user).filter(pk=product.pk).exists()


def artwork_of(commission):
    """The one-off artwork the commission became (None before the quote is accepted)."""
    return Product.objects.filter(commission=commission).first()


@transaction.atomic
def accept_quote(*, commission, buyer, request=None):
    """The buyer accepts the open quote: the reserved artwork is made and put in their cart, or nothing is."""
    commission = lock(commission)
    if commission.buyer_id != buyer.pk:
        raise CommissionRequest.DoesNotExist  # not theirs: the caller answers 404
    quote = mark_accepted(commission=commission)
    try:
        artwork = create_artwork(
            artist=commission.artist,
            title=commission_title(commission.brief),
            price=quote.price,
            stock=1,
            is_original=True,
            description=commission.brief,
            is_public=True,
            commission=commission,
        )
    except ValidationError as refused:
        if not commission.artist.is_approved:
            raise CommissionRefused(
                "This artist is not taking orders at the moment.", code="unavailable", status=400
            ) from refused
        raise CommissionRefused(" ".join(refused.messages), code="invalid", status=400) from refused
    # Raising here leaves nothing behind: the accept, the artwork and the cart line roll back together.
    return _into_cart(artwork=artwork, buyer=buyer, request=request)


@transaction.atomic
def put_in_cart(*, commission, buyer, request=None):
    """The "Pay" button: an accepted commission's artwork goes (back) into the buyer's cart; idempotent."""
    commission = lock(commission)
    if commission.buyer_id != buyer.pk:
        raise CommissionRequest.DoesNotExist
    if commission.status != CommissionRequest.Status.ACCEPTED:
        raise CommissionRefused(
            f"This commission is {commission.get_status_display().lower()}: there is nothing to pay.", code="state"
        )
    artwork = artwork_of(commission)
    if artwork is None:  # accepted always made one; a missing one is a bug worth a clear refusal, not a 500
        raise CommissionRefused("This commission has no artwork to pay for.", code="state")
    return _into_cart(artwork=artwork, buyer=buyer, request=request)


def _into_cart(*, artwork, buyer, request):
    """The artwork's line in the buyer's cart (the existing one if it is there), or CommissionRefused."""
    basket = open_basket_for(buyer, request=request)
    existing = basket.lines.filter(product=artwork).first() if basket.pk else None
    if existing is not None:
        return existing
    waiting = _order_awaiting_payment(artwork)
    if waiting is not None:
        raise CommissionRefused(
            f"It is in your order {waiting} awaiting payment: pay for that order to go ahead.", code="state"
        )
    try:
        return add_to_cart(basket=basket, product=artwork, quantity=1)
    except ValidationError as refused:
        # e.g. a cart in another currency: say why, and what to do about it.
        reason = " ".join(refused.messages)
        raise CommissionRefused(
            f"{reason} Pay for or empty your cart first, then try again.", code="state", status=409
        ) from refused


def _order_awaiting_payment(artwork) -> str | None:
    """The number of an unpaid order that holds the artwork (its one unit is promised to it), if any."""
    line = (
        OrderLine.objects.filter(product=artwork, order__status=PENDING_PAYMENT)
        .select_related("order")
        .order_by("-pk")
        .first()
    )
    return line.order.number if line is not None else None


@transaction.atomic
def complete_commission(*, commission, artist, pictures: Sequence[File] = ()):
    """The artist adds pictures of the finished piece (already cleaned) to its artwork, then mark_completed()."""
    commission = lock(commission)
    if commission.artist_id != artist.pk:
        raise CommissionRequest.DoesNotExist
    if commission.status != CommissionRequest.Status.PAID:
        raise CommissionRefused(
            f"This commission is {commission.get_status_display().lower()}: only a paid one can be completed.",
            code="state",
        )
    artwork = artwork_of(commission)
    if artwork is None:
        raise CommissionRefused("This commission has no artwork to complete.", code="state")
    for picture in pictures:
        add_artwork_image(artwork=artwork, image=picture)
    if not artwork.images.exists():
        raise CommissionRefused("Add a picture of the finished piece first.", code="invalid", status=400)
    return mark_completed(commission=commission, artist=artist)


@transaction.atomic
def withdraw_artwork(*, commission) -> None:
    """A declined or cancelled commission's artwork leaves the shop: unpublished and out of every cart.

    Refused while an order for it awaits payment: money may be on its way, so that order is cancelled
    (or expires) first.
    """
    artwork = artwork_of(commission)
    if artwork is None:
        return
    waiting = _order_awaiting_payment(artwork)
    if waiting is not None:
        raise CommissionRefused(
            f"Order {waiting} for this commission is awaiting payment: cancel it first, or wait until it expires.",
            code="state",
        )
    Product.objects.filter(pk=artwork.pk).update(is_public=False)
    refresh_listing(Product.objects.filter(pk=artwork.pk))
    BasketLine.objects.filter(product=artwork, basket__status__in=UNSUBMITTED_BASKETS).delete()
