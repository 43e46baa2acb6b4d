"""The cart API: the caller's open Oscar basket, the same one the site shows them when logged in.

Views stay thin: `basket.services` loads the basket and makes every change under the rules the
site's forms use; a rule it refuses comes back as a 400 carrying the service's message.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import OpenApiResponse, extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import ArtworkSerializer

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Applicator = get_class("offer.applicator", "Applicator")
open_basket_for = get_class("basket.services", "open_basket_for")
add_to_cart = get_class("basket.services", "add_to_cart")
set_line_quantity = get_class("basket.services", "set_line_quantity")
remove_line = get_class("basket.services", "remove_line")
empty_cart = get_class("basket.services", "empty_cart")

MAX_QUANTITY = 10_000  # far beyond any artwork's stock; keeps absurd numbers away from the database


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, **kwargs)


class CartLineSerializer(serializers.Serializer):
    """One line: the artwork as the catalogue shows it, how many, the unit price and the line's total."""

    id = serializers.IntegerField(read_only=True)
    product = ArtworkSerializer(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    # The strategy adds no tax, so the tax-inclusive price is the price; line totals are after offers.
    unit_price = money(source="unit_price_incl_tax", allow_null=True)
    line_total = money(source="line_price_incl_tax_incl_discounts", allow_null=True)


class CartSerializer(serializers.Serializer):
    """The cart: its lines (oldest first), what it all comes to, and how many artworks it holds."""

    id = serializers.IntegerField(read_only=True)
    lines = CartLineSerializer(many=True, read_only=True, source="all_lines")
    total = money(source="total_incl_tax")
    currency = serializers.SerializerMethodField()
    num_items = serializers.IntegerField(read_only=True)

    def get_currency(self, basket) -> str:
        """The lines' currency; the shop's currency while the cart is empty."""
        return basket.currency or settings.OSCAR_DEFAULT_CURRENCY


class CartItemCreateSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1, help_text="A live artwork's id (or the one you commissioned).")
    # No min_value: the cart's own rule says why a quantity under 1 is refused.
    quantity = serializers.IntegerField(default=1, max_value=MAX_QUANTITY, help_text="At least 1; default 1.")


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(max_value=MAX_QUANTITY, help_text="The line's new quantity; 0 removes it.")


def prepared(basket, request):
    """The basket ready to show: lines, artworks and offers loaded in a fixed number of queries."""
    lines = list(basket.all_lines())  # Oscar caches these instances on the basket; load into them
    prefetch_related_objects(
        lines,
        "product__artist",
        "product__product_class",
        "product__categories",
        "product__colours",  # the artwork's colours in the API: one query for every line
        Prefetch("product__stockrecords", queryset=StockRecord.objects.order_by("pk")),
    )
    if lines:
        # As Oscar's middleware does for the site, so both show the same discounts and totals.
        Applicator().apply(basket, request.user, request)
    return basket


def refused(error: DjangoValidationError) -> ValidationError:
    """A cart rule the service refused, as the API's 400: quantity problems under `quantity`, others as `detail`."""
    message = " ".join(error.messages)
    if getattr(error, "code", None) in {"quantity", "stock"}:
        return ValidationError({"quantity": [message]})
    return ValidationError({"detail": message})


class CartViewMixin:
    permission_classes = [permissions.IsAuthenticated]

    def basket(self):
        return open_basket_for(self.request.user, request=self.request)

    def respond_with(self, basket, status_code=status.HTTP_200_OK) -> Response:
        basket = prepared(basket, self.request)
        return Response(CartSerializer(basket, context={"request": self.request}).data, status=status_code)


RULE_REFUSED = OpenApiResponse(
    description='A cart rule refused it: `{"quantity": [message]}` (under 1, more than the units left) '
    'or `{"detail": message}` (your own artwork, not for sale). Malformed bodies answer field errors.'
)


class CartView(CartViewMixin, APIView):
    """The caller's cart."""

    @extend_schema(
        description="The caller's cart, with totals and the artworks in it.", responses={200: CartSerializer}
    )
    def get(self, request):
        return self.respond_with(self.basket())

    @extend_schema(
        description="Empty the caller's cart.", responses={204: OpenApiResponse(description="The cart is empty.")}
    )
    def delete(self, request):
        empty_cart(basket=self.basket())
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartItemsView(CartViewMixin, APIView):
    """Put an artwork in the cart (more units of it, if it is there already)."""

    @extend_schema(
        description="Add units of a live artwork; more of one already in the cart join its line.",
        request=CartItemCreateSerializer,
        responses={
            201: CartSerializer,
            400: RULE_REFUSED,
            404: OpenApiResponse(description="No such artwork, or it is not live."),
        },
    )
    def post(self, request):
        form = CartItemCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # Live artworks, and a commissioned one-off for its own buyer; any other id is a 404.
        artwork = get_object_or_404(
            Product.objects.visible_to(request.user).select_related("artist"), pk=form.validated_data["product_id"]
        )
        basket = self.basket()
        try:
            add_to_cart(basket=basket, product=artwork, quantity=form.validated_data["quantity"])
        except DjangoValidationError as error:
            raise refused(error) from error
        return self.respond_with(basket, status.HTTP_201_CREATED)


class CartItemView(CartViewMixin, APIView):
    """One line of the caller's cart; another cart's line answers 404."""

    def line(self, basket, pk):
        return get_object_or_404(basket.lines.select_related("product__artist", "stockrecord"), pk=pk)

    @extend_schema(
        description="Set a line's quantity; 0 removes the line.",
        request=CartItemUpdateSerializer,
        responses={
            200: CartSerializer,
            400: RULE_REFUSED,
            404: OpenApiResponse(description="No such line in your cart."),
        },
    )
    def patch(self, request, pk):
        form = CartItemUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        basket = self.basket()
        line = self.line(basket, pk)
        try:
            set_line_quantity(basket=basket, line=line, quantity=form.validated_data["quantity"])
        except DjangoValidationError as error:
            raise refused(error) from error
        return self.respond_with(basket)

    @extend_schema(
        description="Remove a line from the cart.",
        responses={
            204: OpenApiResponse(description="The line is gone."),
            404: OpenApiResponse(description="No such line in your cart."),
        },
    )
    def delete(self, request, pk):
        basket = self.basket()
        remove_line(basket=basket, line=self.line(basket, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
