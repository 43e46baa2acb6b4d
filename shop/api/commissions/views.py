"""commissions/…: request, read, talk, quote, accept, decline, complete. Each step is one service call.

Only the buyer and the artist of a commission reach it; everyone else gets a 404, as if it did not
exist. A party asking for the other party's step (the buyer quoting, the artist accepting) gets a 403.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from artists.commissions.models import CommissionRequest
from artists.commissions.services import (
    CommissionRefused,
    check_can_request,
    commissions_of,
    decline_commission,
    post_message,
    request_commission,
    send_quote,
)
from artists.models import Artist
from shop.catalogue.images import ImageTooLarge, clean_artwork_image
from shop.commissions.checkout import accept_quote, complete_commission

from ..serializers import absolute
from ..uploads import UploadTooLarge, limit_image_uploads, too_large_message
from .serializers import (
    AcceptedCommissionSerializer,
    CommissionFilter,
    CommissionRequestJSONSerializer,
    CommissionRequestSerializer,
    CommissionSerializer,
    CompleteSerializer,
    DeclineSerializer,
    MessageSerializer,
    QuoteInSerializer,
)

# The services' field names → this API's (a multipart field is named for one file).
API_FIELD_NAMES = {"references": "reference", "pictures": "picture", "images": "picture", "__all__": "detail"}
DEFAULT_WRITE_RATE = "60/hour"

NOT_YOURS = OpenApiResponse(description="No such commission, or not yours.")
REFUSED = OpenApiResponse(description='The rules refuse this step: `{"detail": message, "code": code}`.')
INVALID = OpenApiResponse(description="Invalid field values, or refused (`code`: unavailable, own_studio, invalid).")
OTHER_SIDE = OpenApiResponse(description="The other side's step (the buyer cannot quote, the artist cannot accept).")
TOO_LARGE = OpenApiResponse(description="A picture is over the size limit.")


class Refused(APIException):
    """A step the commission rules refuse: `{"detail": message, "code": code}` with the service's status."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"

    def __init__(self, refusal: CommissionRefused):
        self.status_code = refusal.status
        super().__init__({"detail": refusal.message, "code": refusal.code})


class CommissionWriteThrottle(UserRateThrottle):
    """A request or a message emails a person: one client sends at most this many an hour."""

    scope = "commissions"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope, DEFAULT_WRITE_RATE)


@contextmanager
def service_answers():
    """The services' refusals as this API's answers: not theirs → 404, a rule → its status, a field → 400."""
    try:
        yield
    except CommissionRequest.DoesNotExist as gone:
        raise NotFound() from gone
    except CommissionRefused as refusal:
        raise Refused(refusal) from refusal
    except ImageTooLarge as error:  # a ValidationError too: caught first
        raise UploadTooLarge(too_large_message()) from error
    except DjangoValidationError as wrong:
        raise field_errors(wrong) from wrong


def field_errors(wrong: DjangoValidationError) -> ValidationError:
    """A service's field refusal as this API's 400, keyed by the names the client sent."""
    if not hasattr(wrong, "error_dict"):
        return ValidationError({"detail": wrong.messages})
    return ValidationError({API_FIELD_NAMES.get(name, name): errors for name, errors in wrong.message_dict.items()})


def cleaned_pictures(uploads, *, field: str) -> list:
    """Each upload through the artwork image pipeline: 413 when too large, 400 when not a picture."""
    pictures = []
    for upload in uploads:
        try:
            pictures.append(clean_artwork_image(upload).file)
        except ImageTooLarge as error:  # a ValidationError too: caught first
            raise UploadTooLarge(too_large_message()) from error
        except DjangoValidationError as wrong:
            raise ValidationError({field: wrong.messages}) from wrong
    return pictures


def commission_list(user):
    """The commissions `user` may see, loaded for `CommissionSerializer` in a fixed number of queries."""
    return (
        commissions_of(user)
        .select_related("artist", "buyer", "artwork")
        .annotate(messages_count=Count("messages", distinct=True))
        .prefetch_related("quotes", "references")
        .order_by("-created_at", "-pk")
    )


def visible_commission(user, pk) -> CommissionRequest:
    return get_object_or_404(commissions_of(user).select_related("artist", "buyer"), pk=pk)


def is_artist_of(commission, user) -> bool:
    return commission.artist.user_id == user.pk


def is_buyer_of(commission, user) -> bool:
    return commission.buyer_id == user.pk


class CommissionView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CommissionSerializer
    queryset = CommissionRequest.objects.none()  # the schema's model; requests read `commissions_of()`

    def represent(self, commission, serializer=CommissionSerializer, **extra) -> dict:
        fresh = commission_list(self.request.user).get(pk=commission.pk)
        for name, value in extra.items():
            setattr(fresh, name, value)
        return serializer(fresh, context=self.get_serializer_context()).data


class CommissionListView(CommissionView):
    """GET: the caller's commissions, sent or received, newest first. POST: ask an artist for a piece."""

    def get_throttles(self):
        return [CommissionWriteThrottle()] if self.request.method == "POST" else []

    @extend_schema(parameters=[CommissionFilter], responses={200: CommissionSerializer(many=True)})
    def get(self, request):
        params = CommissionFilter(data={name: value for name, value in request.query_params.items() if value.strip()})
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        commissions = commission_list(request.user)
        if wanted.get("role") == "buyer":
            commissions = commissions.filter(buyer=request.user)
        elif wanted.get("role") == "artist":
            commissions = commissions.filter(artist__user=request.user)
        if "status" in wanted:
            commissions = commissions.filter(status=wanted["status"])
        page = self.paginate_queryset(commissions)
        return self.get_paginated_response(
            CommissionSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request={
            "application/json": CommissionRequestJSONSerializer,
            "multipart/form-data": CommissionRequestSerializer,
        },
        responses={
            201: CommissionSerializer,
            400: INVALID,
            409: OpenApiResponse(description="The artist is not taking commissions, or has as many as they take."),
            413: TOO_LARGE,
        },
    )
    def post(self, request):
        limit_image_uploads(request)  # before the body is read: an oversized picture stops streaming
        form = CommissionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        wanted = form.validated_data
        artist = Artist.objects.filter(slug=wanted["artist"]).first()
        if artist is None:
            raise ValidationError({"artist": ["No artist has this slug."]})
        with service_answers():
            check_can_request(artist=artist, buyer=request.user)  # refuse before the pictures' work
            commission = request_commission(
                buyer=request.user,
                artist=artist,
                brief=wanted["brief"],
                budget=wanted["budget"],
                deadline=wanted["deadline"],
                references=cleaned_pictures(wanted["reference"], field="reference"),
            )
        return Response(self.represent(commission), status=status.HTTP_201_CREATED)


class CommissionDetailView(CommissionView):
    @extend_schema(responses={200: CommissionSerializer, 404: NOT_YOURS})
    def get(self, request, pk):
        commission = get_object_or_404(commission_list(request.user), pk=pk)
        return Response(CommissionSerializer(commission, context=self.get_serializer_context()).data)


class CommissionMessagesView(CommissionView):
    """The thread between the buyer and the artist, oldest first; a new message is emailed to the other side."""

    serializer_class = MessageSerializer

    def get_throttles(self):
        return [CommissionWriteThrottle()] if self.request.method == "POST" else []

    @extend_schema(responses={200: MessageSerializer(many=True), 404: NOT_YOURS})
    def get(self, request, pk):
        commission = visible_commission(request.user, pk)
        page = self.paginate_queryset(commission.messages.select_related("author").order_by("created_at", "pk"))
        body = MessageSerializer(page, many=True, context={"commission": commission}).data
        return self.get_paginated_response(body)

    @extend_schema(
        request=MessageSerializer,
        responses={
            201: MessageSerializer,
            400: OpenApiResponse(description="An empty or overlong body."),
            404: NOT_YOURS,
        },
    )
    def post(self, request, pk):
        commission = visible_commission(request.user, pk)
        form = MessageSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_answers():
            message = post_message(commission=commission, author=request.user, body=form.validated_data["body"])
        body = MessageSerializer(message, context={"commission": commission}).data
        return Response(body, status=status.HTTP_201_CREATED)


class CommissionQuoteView(CommissionView):
    @extend_schema(
        request=QuoteInSerializer,
        responses={201: CommissionSerializer, 400: INVALID, 403: OTHER_SIDE, 404: NOT_YOURS, 409: REFUSED},
        description="The artist quotes a price and a date; a quote the buyer has not answered is replaced.",
    )
    def post(self, request, pk):
        commission = visible_commission(request.user, pk)
        if not is_artist_of(commission, request.user):
            raise PermissionDenied("Only the artist quotes.")
        form = QuoteInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_answers():
            send_quote(commission=commission, artist=commission.artist, **form.validated_data)
        return Response(self.represent(commission), status=status.HTTP_201_CREATED)


class CommissionAcceptView(CommissionView):
    @extend_schema(
        request=None,
        responses={200: AcceptedCommissionSerializer, 403: OTHER_SIDE, 404: NOT_YOURS, 409: REFUSED},
        description=(
            "The buyer accepts the quote: the artwork, reserved for them, goes into their cart. "
            "They pay by placing the order (`orders/`) and paying it (`orders/{number}/payments/`)."
        ),
    )
    def post(self, request, pk):
        commission = visible_commission(request.user, pk)
        if not is_buyer_of(commission, request.user):
            raise PermissionDenied("Only the buyer accepts a quote.")
        with service_answers():
            line = accept_quote(commission=commission, buyer=request.user, request=request)
        cart = {"line": line.pk, "url": absolute(request, reverse("api:cart"))}
        return Response(self.represent(commission, AcceptedCommissionSerializer, cart=cart))


class CommissionDeclineView(CommissionView):
    @extend_schema(
        request=DeclineSerializer,
        responses={200: CommissionSerializer, 400: INVALID, 404: NOT_YOURS, 409: REFUSED},
        description="Either side walks away before payment; after it, the order's cancel and refund rules apply.",
    )
    def post(self, request, pk):
        commission = visible_commission(request.user, pk)
        form = DeclineSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_answers():
            decline_commission(commission=commission, by_user=request.user, reason=form.validated_data["reason"])
        return Response(self.represent(commission))


class CommissionCompleteView(CommissionView):
    @extend_schema(
        request={"multipart/form-data": CompleteSerializer, "application/json": CompleteSerializer},
        responses={
            200: CommissionSerializer,
            400: INVALID,
            403: OTHER_SIDE,
            404: NOT_YOURS,
            409: REFUSED,
            413: TOO_LARGE,
        },
        description="After payment the artist marks the piece made, optionally with `picture` files of it; "
        "its order line then ships like any other.",
    )
    def post(self, request, pk):
        commission = visible_commission(request.user, pk)  # before the body is read: a stranger's upload goes nowhere
        if not is_artist_of(commission, request.user):
            raise PermissionDenied("Only the artist completes a commission.")
        limit_image_uploads(request)
        form = CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_answers():
            pictures = cleaned_pictures(form.validated_data["picture"], field="picture")
            complete_commission(commission=commission, artist=commission.artist, pictures=pictures)
        return Response(self.represent(commission))
