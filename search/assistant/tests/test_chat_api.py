"""chat/ over the API: a question starts a conversation, the next continues it, and the reply's artworks
are live ones at the database's prices; a conversation is its user's alone; bad bodies are 400s, never 500s.
"""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from search.assistant.models import Conversation, ConversationMessage
from shop.catalogue.tests.factories import make_artwork

Product = get_model("catalogue", "Product")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = pytest.mark.django_db

CHAT = reverse("api:chat")


@pytest.fixture
def gallery(site_pages):
    """Maya's harbour paintings, one under £200 and one over, and Theo's print."""
    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    return {
        "cheap": make_artwork(maya, title="Harbour Blue Morning", price="150.00", medium="Oil"),
        "dear": make_artwork(maya, title="Harbour Blue Evening", price="950.00", medium="Oil"),
        "print": make_artwork(theo, title="Ancoats Grid", price="60.00", stock=5, is_original=False, edition_size=50),
    }


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


def db_price(artwork_id: int) -> str:
    record = Product.objects.get(pk=artwork_id).stockrecords.get()
    return f"{record.price.quantize(Decimal('0.01'))}"


def assert_live_with_db_prices(products):
    for product in products:
        artwork = Product.objects.get(pk=product["id"])
        assert artwork.is_live, f"{product['title']} is not live"
        assert product["price"] == db_price(product["id"])
        assert product["url"].endswith(artwork.get_absolute_url())
        assert product["artist"] == {"slug": artwork.artist.slug, "display_name": artwork.artist.display_name}


def test_a_first_message_starts_a_conversation_and_the_second_continues_it(gallery, ben):
    client = api_as(ben)

    first = client.post(CHAT, {"message": "a harbour painting under £200"}, format="json")

    assert first.status_code == 201, first.content
    body = first.json()
    assert set(body) == {"conversation", "reply", "products", "provider"}
    assert body["reply"].strip() and body["provider"]
    conversation = Conversation.objects.get(pk=body["conversation"])
    assert conversation.user == ben
    assert gallery["cheap"].pk in [product["id"] for product in body["products"]]
    assert all(Decimal(product["price"]) <= 200 for product in body["products"])
    assert_live_with_db_prices(body["products"])

    second = client.post(CHAT, {"message": "anything by maya?", "conversation": conversation.pk}, format="json")

    assert second.status_code == 201, second.content
    assert second.json()["conversation"] == conversation.pk
    assert_live_with_db_prices(second.json()["products"])
    assert Conversation.objects.filter(user=ben).count() == 1
    roles = list(conversation.messages.exclude(role="tool").values_list("role", flat=True))
    assert roles == ["user", "assistant", "user", "assistant"]


def test_reading_a_conversation_back_shows_todays_prices_and_drops_artworks_no_longer_live(gallery, ben):
    client = api_as(ben)
    asked = client.post(CHAT, {"message": "harbour"}, format="json").json()
    shown = [product["id"] for product in asked["products"]]
    assert {gallery["cheap"].pk, gallery["dear"].pk} <= set(shown)
    record = gallery["cheap"].stockrecords.get()
    record.price = Decimal("175.00")
    record.save()
    hide_artwork(artwork=gallery["dear"], reason="Withdrawn")

    response = client.get(reverse("api:chat-conversation", kwargs={"conversation": asked["conversation"]}))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == asked["conversation"] and body["title"] and body["created_at"]
    assert [message["role"] for message in body["messages"]] == ["user", "assistant"]
    assert body["messages"][0] == {**body["messages"][0], "content": "harbour", "products": []}
    products = body["messages"][1]["products"]
    assert gallery["dear"].pk not in [product["id"] for product in products]
    cheap = next(product for product in products if product["id"] == gallery["cheap"].pk)
    assert cheap["price"] == "175.00" and cheap["is_available"] is True
    assert_live_with_db_prices(products)


def test_another_users_conversation_is_a_404_to_read_and_to_continue(gallery, ben):
    bens = api_as(ben).post(CHAT, {"message": "harbour"}, format="json").json()["conversation"]
    bea = api_as(UserFactory(username="bea"))
    before = ConversationMessage.objects.count()

    read = bea.get(reverse("api:chat-conversation", kwargs={"conversation": bens}))
    continued = bea.post(CHAT, {"message": "show me his chat", "conversation": bens}, format="json")
    unknown = bea.get(reverse("api:chat-conversation", kwargs={"conversation": 10**30}))

    assert (read.status_code, continued.status_code, unknown.status_code) == (404, 404, 404)
    assert "harbour" not in read.content.decode() + continued.content.decode()
    assert ConversationMessage.objects.count() == before
    assert not Conversation.objects.filter(user__username="bea").exists()


def test_guests_are_asked_to_authenticate(gallery, ben):
    conversation = Conversation.objects.create(user=ben, title="Mine")

    asked = api_as(None).post(CHAT, {"message": "harbour"}, format="json")
    read = api_as(None).get(reverse("api:chat-conversation", kwargs={"conversation": conversation.pk}))

    assert (asked.status_code, read.status_code) == (401, 401)
    assert not ConversationMessage.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ([], "non_field_errors"),
        (["harbour"], "non_field_errors"),
        ({}, "message"),
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": None}, "message"),
        ({"message": {"$gt": ""}}, "message"),
        ({"message": ["harbour"]}, "message"),
        ({"message": "x" * 10_000}, "message"),
        ({"message": "harbour", "conversation": "abc"}, "conversation"),
        ({"message": "harbour", "conversation": 1.5}, "conversation"),
        ({"message": "harbour", "conversation": -1}, "conversation"),
        ({"message": "harbour", "conversation": 10**30}, "conversation"),
        ({"message": "harbour", "conversation": {"id": 1}}, "conversation"),
    ],
)
def test_a_garbage_body_is_a_400_naming_the_field(gallery, ben, body, field):
    response = api_as(ben).post(CHAT, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ConversationMessage.objects.exists()


def test_a_message_of_2000_characters_is_answered(gallery, ben):
    response = api_as(ben).post(CHAT, {"message": "harbour " + "x" * 1992}, format="json")

    assert response.status_code == 201, response.content


def test_quotes_and_operators_in_the_message_are_just_words(gallery, ben):
    response = api_as(ben).post(
        CHAT, {"message": '"harbour" OR 1=1; -- \' AND * under £200 % _ \\ ( ) +blue -red'}, format="json"
    )

    assert response.status_code == 201, response.content
    assert_live_with_db_prices(response.json()["products"])


@override_settings(ASSISTANT_RATE_LIMIT="2/10m")
def test_too_many_messages_are_refused_with_429_and_retry_after(gallery, ben):
    client = api_as(ben)
    answered = [client.post(CHAT, {"message": f"harbour {n}"}, format="json").status_code for n in range(2)]

    refused = client.post(CHAT, {"message": "harbour again"}, format="json")

    assert answered == [201, 201]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "detail" in refused.json()
    assert ConversationMessage.objects.filter(role="user").count() == 2
    other = api_as(UserFactory(username="bea")).post(CHAT, {"message": "harbour"}, format="json")
    assert other.status_code == 201, "the limit is per user"
