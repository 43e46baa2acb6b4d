"""ask(): validated, rate limited, the user's own conversations only, live artworks, and forgotten after 30 days."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import module_loading, timezone
from oscar.core.loading import get_class, get_model

from artiqo.settings.schedule import PERIODIC_TASKS
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from search.assistant.models import Conversation, ConversationMessage
from search.assistant.service import (
    AssistantRateLimited,
    ask,
    conversations_of,
    live_products,
    purge_old_conversations,
    rate_limit,
)
from search.assistant.tasks import purge_old_conversations_task
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.tests.factories import on_unlimited_plan

pytestmark = pytest.mark.django_db

ArtworkColour = get_model("catalogue", "ArtworkColour")
hide_artwork = get_class("catalogue.services", "hide_artwork")


@pytest.fixture(autouse=True)
def builtin_only(settings):
    """No key: the built-in provider answers, as on a fresh install."""
    settings.OPENAI_API_KEY = ""
    settings.ASSISTANT_RATE_LIMIT = "20/10m"


@pytest.fixture
def gallery(site_pages):
    maya = make_artist(username="maya", city="Bristol")
    on_unlimited_plan(maya)
    works = {
        "harbour": make_artwork(maya, title="Harbour Blue", price="180.00", medium="Oil on canvas"),
        "sea": make_artwork(maya, title="Blue Sea", price="150.00", medium="Acrylic"),
        "mill": make_artwork(maya, title="Mill Evening", price="320.00"),
        "hidden": make_artwork(maya, title="Hidden Canal", price="90.00"),
        "gone": make_artwork(maya, title="Gone Canal", price="90.00", stock=0),
    }
    hide_artwork(artwork=works["hidden"], reason="Not the artist's own work")
    for name in ("harbour", "sea"):
        ArtworkColour.objects.create(artwork=works[name], name="blue", share=Decimal("0.700"))
    return works


def test_ask_stores_the_exchange_and_returns_live_artworks_at_their_prices(gallery, buyer):
    conversation, answer, products = ask(user=buyer, message="  something blue under £200  ")

    assert set(products) == {gallery["harbour"], gallery["sea"]}
    for product in products:
        assert product.is_live and product.units_left > 0
        assert product.stockrecords.get().price == product.listing_price
    assert conversation.user == buyer and conversation.title == "something blue under £200"
    assert conversation.provider == "builtin" and conversation.tokens_used == 0
    question, stored = conversation.messages.order_by("created_at", "pk")
    assert (question.role, question.content) == ("user", "something blue under £200")
    assert stored == answer and answer.role == "assistant" and answer.provider == "builtin" and answer.content
    assert answer.product_ids == [product.pk for product in products]
    assert answer.tool_calls and answer.tool_calls[0]["name"] == "search_artworks"


def test_a_conversation_continues_with_its_history_and_keeps_its_title(gallery, buyer):
    conversation, _, _ = ask(user=buyer, message="something blue")
    again, _, _ = ask(user=buyer, message="under £160", conversation=conversation.pk)

    assert again == conversation and again.title == "something blue"
    assert again.messages.count() == 4
    assert list(conversations_of(buyer)) == [conversation]


def test_a_long_first_message_makes_a_short_title(gallery, buyer):
    conversation, _, _ = ask(user=buyer, message="I am looking for " + "a very blue painting " * 20)

    assert len(conversation.title) <= 60 and conversation.title.endswith("…")


@pytest.mark.parametrize("message", ["", "   \n ", "x" * 2001, None, 42, ["blue"], {"text": "blue"}])
def test_a_message_must_be_1_to_2000_characters_of_text(buyer, message):
    with pytest.raises(ValidationError):
        ask(user=buyer, message=message)

    assert not Conversation.objects.exists()


def test_hostile_and_long_text_is_answered_not_crashed_on(gallery, buyer):
    for message in ['" OR 1=1 --', "<script>alert(1)</script>", "blue\x00 under £200", "£" * 2000, "🎨" * 500]:
        conversation, answer, products = ask(user=buyer, message=message)
        assert answer.content
        assert "\x00" not in conversation.messages.filter(role="user").last().content


def test_another_users_conversation_does_not_exist_for_them(gallery, buyer):
    mine, _, _ = ask(user=buyer, message="something blue")
    other = UserFactory(username="mallory")

    for reference in (mine, mine.pk, str(mine.pk), "abc", -1, 10**30, 1.5):
        with pytest.raises(Conversation.DoesNotExist):
            ask(user=other, message="show me everything", conversation=reference)

    assert mine.messages.count() == 2 and not conversations_of(other).exists()
    assert not Conversation.objects.filter(user=other).exists()


def test_past_the_rate_limit_a_user_must_wait(settings, gallery, buyer):
    settings.ASSISTANT_RATE_LIMIT = "3/10m"
    for _ in range(3):
        ask(user=buyer, message="something blue")

    with pytest.raises(AssistantRateLimited) as limited:
        ask(user=buyer, message="something blue")

    assert 0 < limited.value.retry_after <= 600
    ask(user=UserFactory(username="carl"), message="something blue")  # everyone has their own allowance
    assert ConversationMessage.objects.filter(conversation__user=buyer).count() == 6


def test_the_rate_limit_opens_again_in_the_next_window(settings, gallery, buyer):
    settings.ASSISTANT_RATE_LIMIT = "1/m"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ask(user=buyer, message="blue")
        with pytest.raises(AssistantRateLimited):
            ask(user=buyer, message="blue")
        clock.shift(timedelta(seconds=61))
        ask(user=buyer, message="blue")


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("20/10m", (20, 600)), ("5/s", (5, 1)), ("100/h", (100, 3600)), ("3 / 2d", (3, 172800)), ((4, 30), (4, 30))],
)
def test_rate_limit_settings(settings, setting, expected):
    settings.ASSISTANT_RATE_LIMIT = setting

    assert rate_limit() == expected


def test_only_live_available_artworks_are_read_back_in_the_replys_order(gallery):
    ids = [gallery["mill"].pk, 999999, gallery["hidden"].pk, gallery["gone"].pk, gallery["harbour"].pk, "1", True]

    assert live_products(ids) == [gallery["mill"], gallery["harbour"]]
    assert live_products([]) == []


def test_conversations_are_deleted_30_days_after_their_last_message(settings, gallery, buyer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old, _, _ = ask(user=buyer, message="something blue")
    with time_machine.travel(start + timedelta(days=20), tick=False):
        kept, _, _ = ask(user=buyer, message="something green")
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert purge_old_conversations() == 0
    with time_machine.travel(start + timedelta(days=31), tick=False):
        assert purge_old_conversations_task.call() == 1

    assert list(Conversation.objects.all()) == [kept]
    assert not ConversationMessage.objects.filter(conversation_id=old.pk).exists()
    assert purge_old_conversations(now=start + timedelta(days=51)) == 1
    assert purge_old_conversations(now=start + timedelta(days=51)) == 0


def test_the_purge_runs_daily_from_the_schedule():
    (entry,) = [entry for entry in PERIODIC_TASKS if entry["task"].startswith("search.assistant.")]

    assert module_loading.import_string(entry["task"]) is purge_old_conversations_task
    assert entry["cron"].split()[2:] == ["*", "*", "*"]
