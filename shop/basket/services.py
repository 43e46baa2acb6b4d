"""Writes to a buyer's cart, and the rules every way into it obeys (site forms and the API alike).

The cart is Oscar's open basket for the user: the API and the site read and write the same row.
A cart holds no stock: the units are taken, under row locks, when the order is placed. The rules
here keep the cart honest about what could be bought right now, with messages a buyer understands.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from oscar.core.loading import get_class, get_model

from artists.commissions.models import CommissionRequest

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")


def open_basket_for(user, *, request=None) -> Basket:
    """The user's open basket (the one the site shows them), with the shop's pricing strategy.

    Duplicates (two first requests racing to create one) are merged the way Oscar's basket
    middleware merges them, so the site and the API always agree on which basket is the cart.
    """
    try:
        basket, __ = Basket.open.get_or_create(owner=user)
    except Basket.MultipleObjectsReturned:
        baskets = list(Basket.open.filter(owner=user).order_by("pk"))
        basket = baskets[0]
        for duplicate in baskets[1:]:
            basket.merge(duplicate, add_quantities=False)
    basket.owner = user
    basket.strategy = Selector().strategy(request=request, user=user)
    return basket


def check_purchase(*, basket, product, quantity: int, already_in_cart: int = 0) -> None:
    """Raise ValidationError unless the cart may hold `quantity` units of the artwork in all.

    `already_in_cart` is the part of `quantity` the cart holds already: it only shapes the message.
    """
    if product.artist_id is not None and basket.owner_id is not None and product.artist.user_id == basket.owner_id:
        raise ValidationError("You can't buy your own artwork.", code="own_artwork")
    info = basket.strategy.fetch_for_product(product)
    # The strategy's stock policy counts stock minus allocations; None means stock is not tracked.
    available = getattr(info.availability, "num_available", None)
    on_sale = Product.objects.live().filter(pk=product.pk).exists()  # the one definition of "live"
    if not on_sale and product.commission_id is not None:
        on_sale = _reserved_for_owner(basket, product)
    if not on_sale or not info.price.exists or not info.availability.is_available_to_buy:
        raise ValidationError(f"“{product.get_title()}” is not for sale at the moment.", code="not_for_sale")
    if basket.currency and info.price.currency != basket.currency:
        raise ValidationError(
            f"“{product.get_title()}” is priced in {info.price.currency}; your cart is in {basket.currency}.",
            code="currency",
        )
    if available is not None and quantity > available:
        message = f"Only {available} left."
        if already_in_cart:
            message = f"Only {available} left, and your cart already has {already_in_cart}."
        raise ValidationError(message, code="stock")


def _reserved_for_owner(basket, product) -> bool:
    """A commissioned one-off is for sale to its own buyer only, and only while the commission awaits payment."""
    return (
        Product.objects.reserved_for(basket.owner)
        .filter(pk=product.pk, commission__status=CommissionRequest.Status.ACCEPTED)
        .exists()
    )


def check_addition(*, basket, product, quantity: int) -> None:
    """Raise ValidationError unless `quantity` more units of the artwork may go into the cart."""
    if quantity is None or quantity < 1:
        raise ValidationError("Quantity must be at least 1.", code="quantity")
    within_threshold, reason = basket.is_quantity_allowed(quantity)  # Oscar's cap on a basket's size
    if not within_threshold:
        raise ValidationError(reason, code="quantity")
    in_cart = basket.product_quantity(product)
    check_purchase(basket=basket, product=product, quantity=in_cart + quantity, already_in_cart=in_cart)


def check_line_quantity(*, basket, line, quantity: int) -> None:
    """Raise ValidationError unless the line may hold `quantity` units (0 is allowed: it removes the line)."""
    if quantity is None or quantity < 0:
        raise ValidationError("Quantity cannot be negative.", code="quantity")
    if quantity == 0:
        return
    # Other lines of the same artwork (Oscar allows them for product options) count too.
    others = basket.product_quantity(line.product) - line.quantity
    check_purchase(basket=basket, product=line.product, quantity=others + quantity, already_in_cart=others)


def _lock(basket) -> None:
    """Serialise changes to one cart, so two quick adds cannot both pass the stock check."""
    if basket.pk is None:
        basket.save()
    Basket.objects.select_for_update().filter(pk=basket.pk).first()


@transaction.atomic
def add_to_cart(*, basket, product, quantity: int = 1) -> Line:
    """Add units of an artwork to the cart (merging with its line), or raise ValidationError."""
    _lock(basket)
    check_addition(basket=basket, product=product, quantity=quantity)
    line, __ = basket.add_product(product, quantity)
    return line


@transaction.atomic
def set_line_quantity(*, basket, line, quantity: int) -> Line | None:
    """Change a line's quantity; 0 removes the line (and returns None). Raises ValidationError."""
    if line.basket_id != basket.pk:
        raise ValueError("The line belongs to another basket.")
    _lock(basket)
    if quantity == 0:
        remove_line(basket=basket, line=line)
        return None
    check_line_quantity(basket=basket, line=line, quantity=quantity)
    line.quantity = quantity
    line.save()
    basket.reset_offer_applications()
    return line


@transaction.atomic
def remove_line(*, basket, line) -> None:
    """Take a line out of the cart."""
    if line.basket_id != basket.pk:
        raise ValueError("The line belongs to another basket.")
    line.delete()
    basket.reset_offer_applications()


@transaction.atomic
def empty_cart(*, basket) -> None:
    """Remove every line from the cart; the basket itself stays, ready for the next artwork."""
    if basket.pk is not None:
        basket.flush()
    basket.reset_offer_applications()
