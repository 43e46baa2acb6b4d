"""The cart's site views: Oscar's, plus totals per artist on the cart page and plain-text refusals."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.sessions.serializers import JSONSerializer
from django.db.models import prefetch_related_objects
from oscar.apps.basket import views as oscar_views
from oscar.core.utils import redirect_to_referrer


def artist_totals(basket) -> list[dict]:
    """The cart's lines grouped by artist, in the order the artists first appear, with subtotals.

    Subtotals are after offer discounts, as the basket's total is, so they add up to it.
    """
    lines = list(basket.all_lines())
    prefetch_related_objects(lines, "product__artist")  # one query for every artist in the cart
    groups: dict[int | None, dict] = {}
    for line in lines:
        artist = line.product.artist
        group = groups.setdefault(
            artist.pk if artist else None, {"artist": artist, "lines": [], "subtotal": Decimal("0.00")}
        )
        group["lines"].append(line)
        if line.is_tax_known:
            price = line.line_price_incl_tax_incl_discounts
        else:
            price = line.line_price_excl_tax_incl_discounts
        group["subtotal"] += price or 0  # an artwork with no price left adds nothing, as in Oscar's total
    return list(groups.values())


class BasketView(oscar_views.BasketView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["artist_totals"] = artist_totals(self.request.basket)
        return context


class BasketAddView(oscar_views.BasketAddView):
    def form_invalid(self, form):
        """Oscar's, but the refusal is flashed as plain text.

        Oscar flashes the errors' rendered text, which is already HTML-escaped; the message template
        escapes it again, so "can't" reached the page as "can&#x27;t".
        """
        refusals = [message for errors in form.errors.as_data().values() for error in errors for message in error]
        messages.error(self.request, " ".join(refusals))
        # As Oscar does: the product page refills the form from the session.
        self.request.session[f"add_to_basket_form_post_data_{self.product.pk}"] = (
            JSONSerializer().dumps(self.request.POST).decode("latin-1")
        )
        return redirect_to_referrer(self.request, "basket:summary")
