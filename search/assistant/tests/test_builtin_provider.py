"""The built-in assistant on the demo marketplace: real requests, real artworks, at the database's prices.

The demo is loaded once for the module (it takes a while) inside a transaction that is rolled back
at the end; each test runs in its own savepoint within it.
"""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from oscar.core.loading import get_model

from search.assistant import tools
from search.assistant.providers.builtin import MAX_PRODUCTS, BuiltinProvider

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo marketplace (no order history), loaded once and rolled back after the module."""
    from artiqo.demo.loader import DemoLoader

    with django_db_blocker.unblock(), transaction.atomic():
        DemoLoader(image_width=240).run()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def ben(demo, django_user_model):
    return django_user_model.objects.get(username="ben")


@pytest.fixture
def tool_results(monkeypatch):
    """Every tool result of the turn, as the provider received it (the real tools still run)."""
    results = []
    real_run_tool = tools.run_tool

    def recording(name, arguments, *, user):
        result = real_run_tool(name, arguments, user=user)
        results.append(result)
        return result

    monkeypatch.setattr(tools, "run_tool", recording)
    return results


def ask(user, message, history=None):
    return BuiltinProvider().reply(user=user, history=history or [], message=message)


def titles(reply) -> list[str]:
    by_id = dict(Product.objects.filter(pk__in=reply.product_ids).values_list("pk", "title"))
    return [by_id[pk] for pk in reply.product_ids]


def assert_grounded(reply, results):
    """Every artwork shown came from a tool this turn, is live, and the tool priced it as the database does."""
    returned = {pk for call in reply.tool_calls for pk in call["result_ids"]}
    assert len(reply.product_ids) <= MAX_PRODUCTS
    assert set(reply.product_ids) <= returned
    live = {artwork.pk: artwork for artwork in Product.objects.live().filter(pk__in=reply.product_ids)}
    assert set(live) == set(reply.product_ids), "every product shown exists and is live"
    priced = {a["id"]: a["price"] for result in results for a in result.get("artworks", [])}
    for pk, artwork in live.items():
        assert Decimal(priced[pk]) == artwork.listing_price
        assert artwork.units_left > 0
    assert reply.provider == "builtin" and reply.tokens == 0
    for call in reply.tool_calls:
        assert set(call) == {"name", "arguments", "result_ids"}


# (request, filters it must produce (a subset of what is understood), an artwork the demo has for it)
DEMO_REQUESTS = [
    ("something blue under £200", {"colour": "blue", "max_price": "200"}, None),
    ("under £100", {"max_price": "100"}, "Contours (print)"),
    ("between 100 and 300", {"min_price": "100", "max_price": "300"}, "Kiln Map"),
    ("around 200", {"min_price": "150", "max_price": "250"}, "Tall Bottle, Shino"),
    ("cheap prints", {"max_price": "150", "original": False}, "Brick Bond"),
    ("over 1000", {"min_price": "1000"}, "Standing Stone"),
    ("art from Bristol", {"city": "Bristol"}, "Moon Jar"),
    ("oil painting", {"text": "oil", "category": "painting"}, "Harbour Blue"),
    ("linocut", {"medium": "Linocut", "category": "prints"}, "Brick Bond"),
    ("an etching", {"medium": "Etching"}, "Grid Meditation"),
    ("screen print", {"text": "screen print", "category": "prints"}, "Signal Red"),
    ("a photo of rain", {"text": "rain", "category": "photography"}, "Rain on Oldham Street"),
    ("pottery", {"category": "ceramics"}, "Moon Jar"),
    ("sculpture", {"category": "sculpture"}, "Bronze Seed"),
    ("charcoal drawing", {"medium": "Charcoal on paper", "category": "drawing"}, "Kiln Map"),
    ("textiles", {"category": "textiles"}, "Tide Line"),
    ("something red", {"colour": "red"}, None),
    ("tiny", {"size": "small"}, None),
    ("fits 50 cm", {"max_width_cm": "50"}, None),
    ("by Maya Lindqvist", {"artist": "maya-lindqvist"}, "Quiet Water"),
    ("something by Theo", {"artist": "theo-okafor"}, "Signal Red"),
    ("original painting under 500", {"original": True, "category": "painting", "max_price": "500"}, "Dusk Study I"),
    ("a poster", {"original": False}, "Contours (print)"),
    ("birthday present under 50", {"max_price": "50", "gift": True}, "Contours (print)"),
    ("Harbour", {"text": "harbour"}, "Harbour Blue"),
    ("Moon Jar", {"text": "moon", "category": "ceramics"}, "Moon Jar"),
    ("porcelain", {"text": "porcelain", "category": "ceramics"}, "Tea Bowl, Celadon"),
    ("wool", {"text": "wool", "category": "textiles"}, "Forth Weave"),
    ("Inês stoneware", {"artist": "ines-duarte", "category": "ceramics"}, "Ash Jar"),
    ("Kenji ink drawing", {"artist": "kenji-arai", "category": "drawing"}, "Thousand Lines"),
]


@pytest.mark.skipif(connection.vendor == "mysql", reason="InnoDB FULLTEXT sees committed rows only; these rows are not")
@pytest.mark.parametrize(("message", "filters", "title"), DEMO_REQUESTS, ids=[m for m, _, _ in DEMO_REQUESTS])
def test_a_request_finds_real_artworks_on_the_demo(ben, tool_results, message, filters, title):
    reply = ask(ben, message)
    assert filters.items() <= reply.understood.items()
    assert reply.product_ids, reply.text
    assert reply.tool_calls[0] == {
        "name": "search_artworks",
        "arguments": {**{k: v for k, v in filters.items() if k != "gift"}, **reply.tool_calls[0]["arguments"]},
        "result_ids": reply.tool_calls[0]["result_ids"],
    }
    if title:
        assert title in titles(reply)
    assert_grounded(reply, tool_results)
    assert 1 <= reply.text.count(". ") + 1 <= 4


def test_a_colour_request_shows_artworks_of_that_colour(ben, tool_results):
    reply = ask(ben, "something blue under £200")
    assert reply.text.startswith("Looking for: Blue, under £200.")
    shown = {a["id"]: a for a in tool_results[-1]["artworks"]}
    assert all("blue" in shown[pk]["colours"] and Decimal(shown[pk]["price"]) <= 200 for pk in reply.product_ids)
    assert_grounded(reply, tool_results)


def test_nothing_matching_widens_step_by_step_and_says_so(ben, tool_results):
    reply = ask(ben, "something blue for a small hallway, under £200, ideally from Bristol")
    assert reply.understood == {"max_price": "200", "city": "Bristol", "colour": "blue", "size": "small"}
    assert "Nothing matched everything, so I" in reply.text
    assert reply.product_ids
    final = reply.tool_calls[-1]["arguments"]
    assert final.get("city") == "Bristol" and "colour" not in final and "size" not in final
    assert {artwork.artist.city for artwork in Product.objects.filter(pk__in=reply.product_ids)} == {"Bristol"}
    assert_grounded(reply, tool_results)


def test_words_nothing_has_are_dropped_first(ben, tool_results):
    reply = ask(ben, "watercolour")
    assert [call["arguments"].get("text") for call in reply.tool_calls] == ["watercolour", None]
    assert "left out the words “watercolour”" in reply.text
    assert "Harbour Blue" in titles(reply)
    assert_grounded(reply, tool_results)


def test_a_request_nothing_can_meet_gets_a_polite_way_forward(ben, tool_results):
    reply = ask(ben, "purple sculpture under £50 in Edinburgh")
    assert reply.product_ids == []
    assert "couldn't find anything" in reply.text and "Try fewer details" in reply.text
    assert [call["name"] for call in reply.tool_calls] == ["search_artworks"] * 4
    assert reply.tool_calls[-1]["arguments"] == {"max_price": "75", "category": "sculpture", "limit": 6}


def test_asking_whether_an_artist_takes_commissions_reads_their_profile(ben, tool_results):
    reply = ask(ben, "Does Maya take commissions?")
    assert [call["name"] for call in reply.tool_calls] == ["artist_profile", "search_artworks"]
    assert reply.tool_calls[0]["arguments"] == {"slug": "maya-lindqvist"}
    assert "Maya Lindqvist works in Bristol" in reply.text
    assert "commissions" in reply.text
    assert set(Product.objects.filter(pk__in=reply.product_ids).values_list("artist__slug", flat=True)) == {
        "maya-lindqvist"
    }
    assert_grounded(reply, tool_results)


@pytest.mark.parametrize("message", ["surprise me", "recommend something", "gift for my mum"])
def test_an_open_request_gets_recommendations(ben, tool_results, message):
    reply = ask(ben, message)
    assert [call["name"] for call in reply.tool_calls] == ["recommendations_for"]
    assert reply.product_ids
    assert_grounded(reply, tool_results)


def test_a_follow_up_refines_the_previous_request(ben, tool_results):
    history = [
        {"role": "user", "content": "something by Theo under £150", "product_ids": []},
        {"role": "assistant", "content": "Here are 6 artworks…", "product_ids": []},
    ]
    reply = ask(ben, "and cheaper?", history)
    assert reply.understood == {"max_price": "105", "artist": "theo-okafor"}
    assert "Brick Bond" in titles(reply)
    assert_grounded(reply, tool_results)


def test_a_follow_up_word_alone_keeps_the_previous_request(ben, tool_results):
    history = [{"role": "user", "content": "ceramics from Bristol", "product_ids": []}, "not a message"]
    reply = ask(ben, "Smaller?", history)
    assert reply.understood == {"city": "Bristol", "category": "ceramics", "size": "small"}
    assert_grounded(reply, tool_results)


def test_a_new_request_ignores_the_previous_one(ben, tool_results):
    history = [{"role": "user", "content": "ceramics from Bristol", "product_ids": []}]
    reply = ask(ben, "linocut", history)
    assert reply.understood == {"medium": "Linocut", "category": "prints"}


def test_near_me_uses_the_buyers_address(ben, tool_results):
    ben.default_address = "12 Cotham Hill, Bristol BS6 6LA"
    ben.save(update_fields=["default_address"])
    reply = ask(ben, "local ceramics")
    assert reply.understood == {"city": "Bristol", "category": "ceramics"}
    assert "Moon Jar" in titles(reply)
    assert_grounded(reply, tool_results)


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "🎨🖼️✨",
        '"blue" OR 1=1; DROP TABLE catalogue_product; --',
        '\' AND "" MATCH * NEAR(a b) -x +y title:blue %_ \\',
        "<script>alert(1)</script> under £" + "9" * 300,
        "x" * 10_000,
        "blue under £200 " * 700,
        "\x00\u202e\ufeff",
    ],
    ids=[
        "empty",
        "whitespace",
        "emoji",
        "sql",
        "operators",
        "html-and-huge-number",
        "10k-chars",
        "repeated",
        "controls",
    ],
)
def test_hostile_input_gets_a_polite_reply(ben, tool_results, message):
    reply = ask(ben, message)
    assert reply.text and len(reply.text) < 600
    assert "<script>" not in reply.text
    assert_grounded(reply, tool_results)
    assert all("error" not in result for result in tool_results)


def test_a_reply_reads_a_fixed_handful_of_queries(ben, django_assert_max_num_queries):
    """Cold caches, four searches while widening: still a bounded number of queries, whatever the catalogue."""
    with django_assert_max_num_queries(30):
        reply = ask(ben, "purple sculpture under £50 in Edinburgh")
    assert len(reply.tool_calls) == 4
