"""Orders over the API: place from the cart, read, cancel, track; admins move status; artists ship lines."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from oscar.core.loading import get_class, get_model
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from artists.selling import selling_artist
from shop.basket.services import open_basket_for
from shop.order.fulfilment import IllegalTransition, cancel_order, change_order_status, move_line
from shop.order.services import NoLongerAvailable, place_order
from shop.payment.services import payment_status_of

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
Selector = get_class("partner.strategy", "Selector")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# --- shapes ------------------------------------------------------------------------------------


class AddressSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=255)
    last_name = serializers.CharField(max_length=255)
    line1 = serializers.CharField(max_length=255)
    city = serializers.CharField(max_length=255)
    postcode = serializers.CharField(max_length=64)
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2, e.g. GB")

    def validate_country(self, code):
        country = Country.objects.filter(iso_3166_1_a2=code.upper(), is_shipping_country=True).first()
        if country is None:
            raise serializers.ValidationError("We don't ship to that country.")
        return country


class PlaceOrderSerializer(serializers.Serializer):
    shipping_address = AddressSerializer()
    shipping_method = serializers.ChoiceField(choices=["delivery", "pickup"], default="delivery")


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    product = serializers.IntegerField(source="product_id", allow_null=True)
    artist = serializers.SerializerMethodField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, source="unit_price_incl_tax")
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2, source="line_price_incl_tax")
    status = serializers.CharField()
    tracking_code = serializers.CharField()
    tracking_url = serializers.CharField()

    def get_artist(self, line) -> dict | None:
        artist = getattr(line.partner, "artist", None) if line.partner_id else None
        return {"id": artist.pk, "slug": artist.slug, "name": artist.display_name} if artist else None


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    payment_status = serializers.SerializerMethodField()
    placed_at = serializers.DateTimeField(source="date_placed")
    total = serializers.DecimalField(max_digits=12, decimal_places=2, source="total_incl_tax")
    shipping = serializers.DecimalField(max_digits=12, decimal_places=2, source="shipping_incl_tax")
    currency = serializers.CharField()
    lines = serializers.SerializerMethodField()

    def get_payment_status(self, order) -> str:
        """completed, refunded, or the latest attempt's status (pending before any attempt)."""
        return payment_status_of(order.payments.all())

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, order):
        return LineSerializer(order.lines.all(), many=True).data


class ShipToSerializer(serializers.Serializer):
    name = serializers.CharField()
    line1 = serializers.CharField()
    city = serializers.CharField(source="line4")
    postcode = serializers.CharField()
    country = serializers.CharField(source="country_id", help_text="ISO 3166-1 alpha-2")


class ArtistOrderSerializer(OrderSerializer):
    """An order as one of its artists sees it: only their lines and their part of the money.

    The buyer's other purchases and the order's grand total belong to the buyer and the other
    artists; each artist posts their own pieces, so they get the address to send them to.
    """

    total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        source="artist_total",
        help_text="The caller's lines plus their share of the delivery charge.",
    )
    shipping = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        source="artist_shipping",
        help_text="The caller's share of the delivery charge (delivery is a flat rate per artist).",
    )
    ship_to = ShipToSerializer(source="shipping_address", allow_null=True)

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, order):
        return LineSerializer(order.artist_lines, many=True).data


class TrackingSerializer(serializers.Serializer):
    status = serializers.CharField(source="new_status")
    at = serializers.DateTimeField(source="date_created")
    note = serializers.CharField()


# --- views -------------------------------------------------------------------------------------


def orders_for(user):
    orders = Order.objects.prefetch_related(
        Prefetch("lines", queryset=Line.objects.select_related("partner__artist").order_by("pk")),
        "payments",  # one query for the list's payment statuses, not one per order
    ).order_by("-date_placed", "-pk")
    return orders if user.is_staff else orders.filter(user=user)


def open_basket(user):
    basket = open_basket_for(user)  # the same cart the site shows (duplicates merged)
    if basket.is_empty:
        raise ValidationError({"detail": "Your cart is empty."})
    return basket


class OrderListView(GenericAPIView):
    """The caller's orders (an admin's: everyone's), newest first, a page at a time."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return orders_for(self.request.user)

    @extend_schema(responses={200: OrderSerializer(many=True)})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OrderSerializer(page, many=True).data)

    @extend_schema(request=PlaceOrderSerializer, responses={201: OrderSerializer})
    def post(self, request):
        form = PlaceOrderSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        address = form.validated_data["shipping_address"]
        basket = open_basket(request.user)
        try:
            order = place_order(
                user=request.user,
                basket=basket,
                shipping_address={
                    "first_name": address["first_name"],
                    "last_name": address["last_name"],
                    "line1": address["line1"],
                    "line4": address["city"],
                    "postcode": address["postcode"],
                    "country": address["country"],
                },
                shipping_method=form.validated_data["shipping_method"],
            )
        except NoLongerAvailable as gone:
            raise Conflict(str(gone)) from gone
        return Response(OrderSerializer(orders_for(request.user).get(pk=order.pk)).data, status=201)


CANCEL_RESPONSES = {
    200: OrderSerializer,
    404: OpenApiResponse(description="No such order, or not yours."),
    409: OpenApiResponse(description="Already shipped, delivered or cancelled."),
}


def cancel(request, number) -> Response:
    """Cancel the caller's order (an admin: any order): stock comes back, a payment is refunded."""
    order = get_object_or_404(orders_for(request.user), number=number)
    try:
        cancel_order(order=order, note="Cancelled by Artiqo" if request.user.is_staff else "Cancelled by the buyer")
    except IllegalTransition as refused:
        raise Conflict(str(refused)) from refused
    return Response(OrderSerializer(orders_for(request.user).get(pk=order.pk)).data)


class OrderDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer})
    def get(self, request, number):
        return Response(OrderSerializer(get_object_or_404(orders_for(request.user), number=number)).data)

    @extend_schema(
        request=None,
        responses=CANCEL_RESPONSES,
        description="Cancels the order, exactly as `POST orders/{number}/cancel/`; the order is kept.",
    )
    def delete(self, request, number):
        return cancel(request, number)


class OrderCancelView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=CANCEL_RESPONSES)
    def post(self, request, number):
        return cancel(request, number)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["Pending payment", "Paid", "Shipped", "Delivered", "Cancelled"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OrderStatusView(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=StatusSerializer, responses={200: OrderSerializer})
    def patch(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = StatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            change_order_status(order=order, **form.validated_data)
        except IllegalTransition as refused:
            raise Conflict(str(refused)) from refused
        return Response(OrderSerializer(orders_for(request.user).get(pk=order.pk)).data)

    @extend_schema(request=StatusSerializer, responses={200: OrderSerializer})
    def put(self, request, number):
        """The same as PATCH: the whole writable state of an order is its status (and a note)."""
        return self.patch(request, number)


class OrderTrackingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: TrackingSerializer(many=True)})
    def get(self, request, number):
        order = get_object_or_404(orders_for(request.user), number=number)
        placed = {"status": "Placed", "at": order.date_placed, "note": "Order placed"}
        changes = TrackingSerializer(order.status_changes.order_by("date_created", "pk"), many=True).data
        return Response([placed, *changes])


def artist_of(user):
    artist = selling_artist(user)
    if artist is None:
        raise PermissionDenied("Only approved artists have sales.")
    return artist


def orders_of_artist(artist):
    """Orders holding the artist's lines, each carrying only those lines (`artist_lines`)."""
    mine = Line.objects.filter(partner__artist=artist)
    artists_in_order = (
        Line.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(count=Count("partner", distinct=True))
        .values("count")
    )
    return (
        Order.objects.filter(pk__in=mine.values("order_id"))
        .select_related("shipping_address")
        .annotate(artist_count=Subquery(artists_in_order))
        .prefetch_related(
            Prefetch("lines", queryset=mine.select_related("partner__artist").order_by("pk"), to_attr="artist_lines"),
            "payments",
        )
        .order_by("-date_placed", "-pk")
    )


def with_artist_share(order):
    """Delivery is a flat rate per artist, so an artist's share is the charge split evenly between them."""
    order.artist_shipping = (order.shipping_incl_tax / max(order.artist_count or 1, 1)).quantize(Decimal("0.01"))
    order.artist_total = sum((line.line_price_incl_tax for line in order.artist_lines), order.artist_shipping)
    return order


class ArtistOrderListView(GenericAPIView):
    """Orders holding the caller's artworks, each showing only the caller's lines, a page at a time."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ArtistOrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return orders_of_artist(artist_of(self.request.user))

    @extend_schema(responses={200: ArtistOrderSerializer(many=True)})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            ArtistOrderSerializer([with_artist_share(order) for order in page], many=True).data
        )


class LineMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["shipped", "delivered"])
    tracking_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    tracking_url = serializers.URLField(required=False, allow_blank=True, default="")


class ArtistOrderLineView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=LineMoveSerializer, responses={200: LineSerializer})
    def patch(self, request, pk):
        artist = artist_of(request.user)
        line = get_object_or_404(Line.objects.filter(partner__artist=artist), pk=pk)
        form = LineMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            line = move_line(line=line, artist=artist, **form.validated_data)
        except IllegalTransition as refused:
            raise Conflict(str(refused)) from refused
        return Response(LineSerializer(line).data)
