"""The cart's site forms: Oscar's, deciding with the rules in `services` (the API obeys the same ones)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms
from oscar.apps.basket.forms import *  # noqa: F403  (the fork keeps Oscar's other forms)
from oscar.apps.basket.forms import SimpleAddToBasketMixin

from .services import check_addition, check_line_quantity


class AddToBasketForm(oscar_forms.AddToBasketForm):
    """Oscar's add-to-cart form; whether the artwork may go into the cart is `check_addition`'s call."""

    # No min_value: a quantity under 1 gets the service's message, the one the API gives.
    quantity = forms.IntegerField(initial=1, label=_("Quantity"), widget=forms.NumberInput(attrs={"min": 1}))

    def clean(self):
        if "quantity" not in self.cleaned_data:
            return self.cleaned_data  # the quantity's own error already says what is wrong
        check_addition(basket=self.basket, product=self.product, quantity=self.cleaned_data["quantity"])
        return super().clean()


class SimpleAddToBasketForm(SimpleAddToBasketMixin, AddToBasketForm):
    """The one-click form on artwork cards: quantity 1, the same rules."""


class BasketLineForm(oscar_forms.BasketLineForm):
    """Oscar's cart line form; a quantity above 0 must pass `check_line_quantity` (0 removes the line)."""

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"] or 0
        if quantity > 0:
            check_line_quantity(basket=self.instance.basket, line=self.instance, quantity=quantity)
        return super().clean_quantity()
