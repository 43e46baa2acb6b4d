"""The assistant's one entry point: `ask()` answers a buyer's message with real, buyable artworks.

The API and the site both call it. It checks the message and the user's rate, picks the provider
(the OpenAI-compatible one when OPENAI_API_KEY is set, else the built-in one), lets the built-in one
answer whenever the model is down, slow or over the conversation's token budget, and stores the
exchange. The artworks it returns are only those a tool found in this turn, read again from the
database as live and available, so a buyer is never shown an invented, hidden or sold-out piece,
nor a stale price.
"""

import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from .models import Conversation, ConversationMessage
from .providers import builtin_provider, provider_for_settings
from .providers.base import ProviderUnavailable, Reply

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)

MAX_MESSAGE = 2000
HISTORY_MESSAGES = 10  # earlier buyer and assistant messages a provider sees: enough for "cheaper ones?"
TITLE_LENGTH = 60
FALLBACK = "builtin (fallback)"
WINDOW_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(?P<count>\d{1,6})\s*/\s*(?P<number>\d{0,6})\s*(?P<unit>[smhd])\s*$")


class AssistantRateLimited(Exception):
    """Too many messages in the window; `retry_after` is in seconds (the API's Retry-After)."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many messages; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def conversations_of(user) -> QuerySet:
    """The user's own conversations, most recent first: the only ones they may read or continue."""
    if user is None or not user.is_authenticated:
        return Conversation.objects.none()
    return Conversation.objects.filter(user=user)


def ask(*, user, message: str, conversation=None) -> tuple[Conversation, ConversationMessage, list]:
    """Answer `message` from `user`: the conversation, the stored assistant message and its live artworks.

    `conversation` (one of the user's, or its id) continues a thread; None starts one. Raises
    ValidationError for an empty or over-long message, Conversation.DoesNotExist for a conversation
    that is not the user's (callers answer 404, as for one that does not exist), and
    AssistantRateLimited past ASSISTANT_RATE_LIMIT.
    """
    message = clean_message(message)
    if conversation is not None:
        conversation = _own_conversation(user, conversation)
    check_rate(user)
    history = _history(conversation) if conversation is not None else []
    reply = _answer(user=user, history=history, message=message, tokens_used=_tokens_used(conversation))
    products = live_products(reply.product_ids)
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(user=user, title=_title(message))
        ConversationMessage.objects.create(
            conversation=conversation, role=ConversationMessage.Role.USER, content=message
        )
        answer = ConversationMessage.objects.create(
            conversation=conversation,
            role=ConversationMessage.Role.ASSISTANT,
            content=reply.text,
            tool_calls=reply.tool_calls,
            product_ids=[product.pk for product in products],
            provider=reply.provider,
        )
        # F(): two tabs of the same conversation both count their tokens. updated_at moves with save().
        Conversation.objects.filter(pk=conversation.pk).update(
            tokens_used=F("tokens_used") + max(reply.tokens, 0), provider=reply.provider, updated_at=timezone.now()
        )
    conversation.refresh_from_db()
    return conversation, answer, products


def clean_message(message) -> str:
    """The buyer's words, trimmed: 1 to 2000 characters of text (NULs dropped: no database wants them)."""
    if not isinstance(message, str):
        raise ValidationError("Send a message as text.", code="invalid")
    message = message.replace("\x00", "").strip()
    if not message:
        raise ValidationError("Send a message: what kind of artwork are you looking for?", code="required")
    if len(message) > MAX_MESSAGE:
        raise ValidationError(f"A message can be at most {MAX_MESSAGE} characters.", code="max_length")
    return message


def check_rate(user) -> None:
    """Count one message against the user's ASSISTANT_RATE_LIMIT window; over it, AssistantRateLimited.

    A fixed window in the shared cache (Redis in production): each window has its own counter that
    expires with it, so no sweep is needed and every web process counts alike.
    """
    limit, window = rate_limit()
    now = time.time()
    started = int(now // window) * window
    key = f"assistant:rate:{user.pk}:{started}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this message opens the count
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise AssistantRateLimited(retry_after=max(1, int(started + window - now + 0.999)))


def rate_limit() -> tuple[int, int]:
    """ASSISTANT_RATE_LIMIT as (messages, window seconds): "20/10m", "5/s" or a pair of numbers."""
    setting = settings.ASSISTANT_RATE_LIMIT
    if isinstance(setting, list | tuple):
        count, seconds = (int(part) for part in setting)
        return max(count, 1), max(seconds, 1)
    found = RATE.match(str(setting))
    if found is None:
        raise ValueError(f'ASSISTANT_RATE_LIMIT must look like "20/10m", not {setting!r}')
    seconds = int(found["number"] or 1) * WINDOW_UNITS[found["unit"]]
    return max(int(found["count"]), 1), max(seconds, 1)


def live_products(product_ids) -> list:
    """The reply's artworks read again now, in its order: live, with units left; any other id is dropped."""
    wanted = [pk for pk in dict.fromkeys(product_ids) if isinstance(pk, int) and not isinstance(pk, bool)]
    if not wanted:
        return []
    found = Product.objects.live().filter(pk__in=wanted, units_left__gt=0).for_listing()
    by_id = {product.pk: product for product in found}
    return [by_id[pk] for pk in wanted if pk in by_id]


def purge_old_conversations(*, now=None) -> int:
    """Delete conversations untouched for ASSISTANT_RETENTION_DAYS (with their messages); returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ASSISTANT_RETENTION_DAYS)
    old = Conversation.objects.filter(updated_at__lt=cutoff)
    count = old.count()
    old.delete()
    return count


# --- Inside ask() ------------------------------------------------------------------------------


def _own_conversation(user, conversation) -> Conversation:
    """The user's conversation, given as itself or its id; anyone else's is DoesNotExist (a 404 to callers)."""
    pk = conversation.pk if isinstance(conversation, Conversation) else conversation
    if isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) <= 18:
        pk = int(pk)
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise Conversation.DoesNotExist("No such conversation.")
    return conversations_of(user).get(pk=pk)


def _history(conversation: Conversation) -> list[dict]:
    """The last few buyer and assistant messages, oldest first: {"role", "content", "product_ids"}."""
    earlier = conversation.messages.filter(
        role__in=[ConversationMessage.Role.USER, ConversationMessage.Role.ASSISTANT]
    ).order_by("-created_at", "-pk")[:HISTORY_MESSAGES]
    return [
        {"role": message.role, "content": message.content, "product_ids": list(message.product_ids or [])}
        for message in reversed(earlier)
    ]


def _tokens_used(conversation) -> int:
    return conversation.tokens_used if conversation is not None else 0


def _answer(*, user, history: list[dict], message: str, tokens_used: int) -> Reply:
    """The configured provider's reply, or the built-in one's when the model cannot answer now."""
    provider = provider_for_settings()
    if not getattr(provider, "spends_tokens", False):
        return _builtin_reply(provider, user=user, history=history, message=message, label=provider.name)
    try:
        return provider.reply(user=user, history=history, message=message, tokens_used=tokens_used)
    except ProviderUnavailable as unavailable:
        logger.warning("Assistant model unavailable (%s); the built-in provider answers", unavailable.reason)
        spent = unavailable.tokens  # spent on the failed attempt: still the conversation's
    except Exception:  # noqa: BLE001  (a reply the client library could not make sense of: report it, still answer)
        logger.exception("The assistant's model provider failed; the built-in provider answers")
        spent = 0
    reply = _builtin_reply(builtin_provider(), user=user, history=history, message=message, label=FALLBACK)
    reply.tokens += spent
    return reply


def _builtin_reply(provider, *, user, history, message, label: str) -> Reply:
    reply = provider.reply(user=user, history=history, message=message)
    reply.provider = label
    return reply


def _title(message: str) -> str:
    """The first message, on one line, cut at a word near TITLE_LENGTH."""
    title = " ".join(message.split())
    if len(title) <= TITLE_LENGTH:
        return title
    return title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
