"""chat/…: ask the art assistant, and read a conversation back. Only its user ever reaches a conversation.

Routes (registered in `artiqo/api/urls.py`, under /api/v1/):
    path("chat/", ChatView.as_view(), name="chat")
    path("chat/<int:conversation>/", ConversationView.as_view(), name="chat-conversation")

The site's "Ask Artiqo" panel posts to the same view with the browser's session (search/assistant/views.py),
so the API and the panel answer alike. The artworks of a reply are read from the database when the
response is built: a message read back later shows today's prices and drops artworks no longer live.
"""

import math
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.api.serializers import absolute

from .models import Conversation, ConversationMessage
from .service import AssistantRateLimited, ask, conversations_of

Product = get_model("catalogue", "Product")

MESSAGE_MAX_LENGTH = 2000
# Beyond any id a database hands out, and small enough that no backend overflows comparing with it.
LARGEST_ID = 2**63 - 1
CARD_PICTURE_SIZE = "400x400"
SHOWN_ROLES = (ConversationMessage.Role.USER, ConversationMessage.Role.ASSISTANT)


class ChatArtistSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    display_name = serializers.CharField(allow_blank=True)


class ChatArtworkSerializer(serializers.Serializer):
    """An artwork the assistant showed, as a card: read live, so the price is the one a buyer pays now."""

    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    artist = ChatArtistSerializer()
    price = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    is_available = serializers.SerializerMethodField()

    @staticmethod
    def _stockrecord(artwork):
        records = artwork.stockrecords.all()  # prefetched by for_listing(); an artwork has exactly one
        return records[0] if records else None

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_price(self, artwork) -> str | None:
        record = self._stockrecord(artwork)
        if record is None or record.price is None:
            return None
        return f"{record.price.quantize(Decimal('0.01'))}"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_currency(self, artwork) -> str | None:
        record = self._stockrecord(artwork)
        return record.price_currency if record is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, artwork) -> str:
        return absolute(self.context.get("request"), artwork.get_absolute_url())

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, artwork) -> str | None:
        """The primary picture fitted in a card-sized box (never cropped: it is somebody's artwork)."""
        pictures = artwork.images.all()  # prefetched, in display order
        if not pictures or not pictures[0].original:
            return None
        thumbnail = get_thumbnailer().generate_thumbnail(pictures[0].original, size=CARD_PICTURE_SIZE, upscale=False)
        return absolute(self.context.get("request"), thumbnail.url if thumbnail else pictures[0].original.url)

    def get_is_available(self, artwork) -> bool:
        return artwork.units_left > 0


class ChatQuestionSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, help_text=f"What the buyer is after, 1 to {MESSAGE_MAX_LENGTH} characters."
    )
    conversation = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=LARGEST_ID,
        help_text="The id of one of the caller's conversations to continue; left out, a new one starts.",
    )


class ChatReplySerializer(serializers.Serializer):
    conversation = serializers.IntegerField(help_text="The conversation's id: send it with the next message.")
    reply = serializers.CharField(allow_blank=True, help_text="The assistant's answer, plain text.")
    products = ChatArtworkSerializer(many=True, help_text="The artworks it found, best first: live, real prices.")
    provider = serializers.CharField(
        allow_blank=True, help_text='Who answered: "builtin", "openai", or "builtin (fallback)".'
    )


class ChatMessageSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[role.value for role in SHOWN_ROLES])
    content = serializers.CharField(allow_blank=True)
    products = ChatArtworkSerializer(many=True)
    created_at = serializers.DateTimeField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    messages = ChatMessageSerializer(many=True)


def live_artworks(ids) -> dict[int, object]:
    """The live ones among `ids`, loaded for the card in a fixed number of queries, by id."""
    wanted = [pk for pk in ids if isinstance(pk, int)]
    if not wanted:
        return {}
    return {artwork.pk: artwork for artwork in Product.objects.live().filter(pk__in=wanted).for_listing()}


def artwork_cards(ids, artworks: dict, context: dict) -> list[dict]:
    """The cards for `ids` in their order, leaving out any artwork that is no longer live."""
    shown = [artworks[pk] for pk in ids if pk in artworks]
    return ChatArtworkSerializer(shown, many=True, context=context).data


def reply_data(conversation, answer, products, context: dict) -> dict:
    """What `POST chat/` answers: the conversation to continue, the reply and its artworks, read live."""
    ids = [artwork.pk for artwork in products]
    return {
        "conversation": conversation.pk,
        "reply": answer.content,
        "products": artwork_cards(ids, live_artworks(ids), context),
        "provider": answer.provider or conversation.provider,
    }


def conversation_data(conversation, context: dict) -> dict:
    """The conversation so far, for its user: buyer and assistant messages (tool rounds stay internal)."""
    messages = list(conversation.messages.filter(role__in=SHOWN_ROLES).order_by("created_at", "pk"))
    artworks = live_artworks({pk for message in messages for pk in (message.product_ids or [])})
    return {
        "id": conversation.pk,
        "title": conversation.title,
        "created_at": conversation.created_at,
        "messages": [
            {
                "role": message.role,
                "content": message.content,
                "products": artwork_cards(message.product_ids or [], artworks, context),
                "created_at": message.created_at,
            }
            for message in messages
        ],
    }


def own_conversation(user, pk):
    """One of `user`'s conversations; anyone else's id is a 404, as if it did not exist."""
    found = pk is not None and 0 < pk <= LARGEST_ID
    conversation = conversations_of(user).filter(pk=pk).first() if found else None
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


def answer_question(request) -> Response:
    """Validate the question, ask the assistant as the caller, and answer 201 with the reply (shared with the site)."""
    question = ChatQuestionSerializer(data=request.data)
    question.is_valid(raise_exception=True)
    wanted = question.validated_data
    conversation = None
    if wanted.get("conversation") is not None:
        conversation = own_conversation(request.user, wanted["conversation"])
    try:
        conversation, answer, products = ask(user=request.user, message=wanted["message"], conversation=conversation)
    except AssistantRateLimited as limited:
        raise Throttled(wait=max(1, math.ceil(limited.retry_after))) from limited
    except Conversation.DoesNotExist as gone:  # deleted between the check and the question
        raise NotFound("No such conversation.") from gone
    data = reply_data(conversation, answer, products, {"request": request})
    return Response(data, status=status.HTTP_201_CREATED)


NOT_YOURS = OpenApiResponse(description="No such conversation, or not the caller's.")
TOO_MANY = OpenApiResponse(description="Too many messages in a short time; `Retry-After` says when to ask again.")


class ChatView(APIView):
    """POST: ask the art assistant; the reply names only live artworks the catalogue tools found."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="chat_create",
        description=(
            'Ask the art assistant, e.g. "something blue for a small hallway, under £200". It searches the '
            "catalogue (price, place, medium, category, colour, size, originals or prints, artists) and answers "
            "briefly with the artworks it found: only live ones, with today's prices and links. Send the "
            "returned `conversation` with the next message to continue the thread. 201: a message and its "
            "reply were stored."
        ),
        request=ChatQuestionSerializer,
        responses={
            201: ChatReplySerializer,
            400: OpenApiResponse(description="No message, one over 2000 characters, or a `conversation` not an id."),
            404: NOT_YOURS,
            429: TOO_MANY,
        },
    )
    def post(self, request):
        return answer_question(request)


class ConversationView(APIView):
    """GET: one of the caller's conversations, its artworks re-read live."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="chat_retrieve",
        description=(
            "The conversation so far: the buyer's messages and the assistant's replies, oldest first. Each "
            "reply's artworks are read now: today's prices, and artworks no longer live are left out. Only "
            "the conversation's user reaches it; anyone else gets a 404."
        ),
        parameters=[
            OpenApiParameter("conversation", OpenApiTypes.INT, OpenApiParameter.PATH, description="Its id."),
        ],
        responses={200: ConversationSerializer, 404: NOT_YOURS},
    )
    def get(self, request, conversation: int):
        found = own_conversation(request.user, conversation)
        return Response(conversation_data(found, {"request": request}))
