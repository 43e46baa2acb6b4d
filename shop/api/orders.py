"""Orders over the API: place from the cart, read, cancel, track; admins move status; artists ship lines."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

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

    def get_lines(self, order) -> list:
        lines = self.context.get("only_lines", {}).get(order.pk, order.lines.all())
        return LineSerializer(lines, many=True).data


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


class OrderListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer(many=True)})
    def get(self, request):
        return Response(OrderSerializer(orders_for(request.user)[:100], many=True).data)

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


class OrderDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer})
    def get(self, request, number):
        return Response(OrderSerializer(get_object_or_404(orders_for(request.user), number=number)).data)


class OrderCancelView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: OrderSerializer})
    def post(self, request, number):
        order = get_object_or_404(orders_for(request.user), number=number)
        try:
            cancel_order(order=order, note="Cancelled by Artiqo" if request.user.is_staff else "Cancelled by the buyer")
        except IllegalTransition as refused:
            raise Conflict(str(refused)) from refused
        return Response(OrderSerializer(orders_for(request.user).get(pk=order.pk)).data)


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


class OrderTrackingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: TrackingSerializer(many=True)})
    def get(self, request, number):
        order = get_object_or_404(orders_for(request.user), number=number)
        placed = {"status": "Placed", "at": order.date_placed, "note": "Order placed"}
        changes = TrackingSerializer(order.status_changes.order_by("date_created", "pk"), many=True).data
        return Response([placed, *changes])


def artist_of(user):
    artist = getattr(user, "artist", None)
    if artist is None or not artist.is_approved:
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied("Only approved artists have sales.")
    return artist


class ArtistOrderListView(APIView):
    """Orders holding the caller's artworks, each showing only the caller's lines."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OrderSerializer(many=True)})
    def get(self, request):
        artist = artist_of(request.user)
        mine = Line.objects.filter(partner__artist=artist).select_related("partner__artist").order_by("pk")
        orders = (
            Order.objects.filter(lines__partner__artist=artist)
            .distinct()
            .select_related("shipping_address")
            .prefetch_related(Prefetch("lines", queryset=mine, to_attr="artist_lines"), "payments")
            .order_by("-date_placed", "-pk")[:100]
        )
        context = {"only_lines": {order.pk: order.artist_lines for order in orders}}
        data = OrderSerializer(orders, many=True, context=context).data
        for row, order in zip(data, orders, strict=True):
            # An artist sees their lines and where to send them; not the buyer's other purchases or totals.
            row.pop("total"), row.pop("shipping")
            address = order.shipping_address
            row["ship_to"] = (
                {
                    "name": address.name,
                    "line1": address.line1,
                    "city": address.line4,
                    "postcode": address.postcode,
                    "country": address.country_id,
                }
                if address
                else None
            )
        return Response(data)


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
