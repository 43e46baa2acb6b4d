"""Oscar's checkout, forked thinly: place the order first, then pay for it; a sold-out artwork explained.

Oscar's payment-details step is only the preview here: "Place order" writes the order in
"Pending payment" (holding its artworks) and sends the buyer to the payment page
(`shop/payment/views.py`, Stripe.js), where a failed card can be retried on the same order.
Paying before the order exists would let two buyers pay for one original. The order is written by our
lock-first `OrderCreator` (`shop/order/utils.py`): if someone bought an artwork in the meantime it
raises `NoLongerAvailable`, which sends the buyer back to their basket with its message, nothing
written. A second "Place order" for the same basket (a double click) shows the first one's order.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from oscar.apps.checkout.exceptions import PassedSkipCondition
from oscar.apps.checkout.views import *  # noqa: F403  (the fork keeps Oscar's other steps)
from oscar.apps.checkout.views import PaymentDetailsView as OscarPaymentDetailsView
from oscar.apps.checkout.views import ShippingMethodView as OscarShippingMethodView
from oscar.core.loading import get_class, get_model

from shop.order.utils import NoLongerAvailable

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
CollectFromArtist = get_class("shipping.methods", "CollectFromArtist")


class ShippingMethodView(OscarShippingMethodView):
    """Offer delivery and collection; collection names the cities the buyer would collect from."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        basket = self.request.basket
        context["pickup_cities"] = next(
            (method.cities(basket) for method in self._methods if isinstance(method, CollectFromArtist)), []
        )
        return context


class PaymentDetailsView(OscarPaymentDetailsView):
    """No card details here: the step is the preview; placing the order leads to the payment page."""

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def get_skip_conditions(self, request):
        if self.preview:
            return [*super().get_skip_conditions(request), "skip_if_order_already_placed"]
        return super().get_skip_conditions(request)

    def skip_if_order_already_placed(self, request):
        """A second "Place order" after the basket became an order (a double click): show that order."""
        if request.method == "POST" and request.POST.get("action") == "place_order" and request.basket.is_empty:
            order = self.recently_placed_order()
            if order is not None:
                raise PassedSkipCondition(url=reverse("payments:pay", kwargs={"number": order.number}))

    def recently_placed_order(self):
        """The order this checkout just placed, if the session still knows it."""
        order_id = self.request.session.get("checkout_order_id")
        if order_id is None:
            return None
        return Order.objects.filter(pk=order_id, user=self.request.user).first()

    def handle_payment(self, order_number, total, **kwargs):
        """Nothing is taken while placing: the order waits as "Pending payment" for the payment page."""

    def get_success_url(self):
        order = self.recently_placed_order()
        if order is None:
            return super().get_success_url()
        return reverse("payments:pay", kwargs={"number": order.number})

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        try:
            return super().handle_order_placement(order_number, user, basket, *args, **kwargs)
        except NoLongerAvailable as error:
            self.restore_frozen_basket()
            messages.error(self.request, str(error))
            return redirect("basket:summary")

    def place_order(self, *, basket, **kwargs):
        # One transaction around Oscar's address saving and the order: a refused order leaves no
        # stray address, and a repeated submit finds the first order before saving anything.
        with transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            existing = Order.objects.filter(basket_id=basket.pk).first()
            if existing is not None:
                return existing
            return super().place_order(basket=basket, **kwargs)

    def send_order_placed_email(self, order):
        """No email yet: the buyer's confirmation goes out once the order is paid (`shop/order/emails.py`)."""
