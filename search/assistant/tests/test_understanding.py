"""The built-in assistant's reading of a request: each common shape becomes the search filters it means."""

import random

import pytest

from search.assistant.understanding import MAX_AMOUNT, MAX_INPUT, understand
from search.assistant.vocabulary import CatalogueNames, catalogue_names

# The demo marketplace's names, as `catalogue_names()` reads them from the catalogue (plus a two-word city).
DEMO_NAMES = CatalogueNames(
    cities={"bristol": "Bristol", "manchester": "Manchester", "edinburgh": "Edinburgh", "st ives": "St Ives"},
    artists={
        "maya lindqvist": "maya-lindqvist",
        "theo okafor": "theo-okafor",
        "ines duarte": "ines-duarte",
        "kenji arai": "kenji-arai",
        "rosa bell": "rosa-bell",
    },
    artist_names={
        "maya-lindqvist": "Maya Lindqvist",
        "theo-okafor": "Theo Okafor",
        "ines-duarte": "Inês Duarte",
        "kenji-arai": "Kenji Arai",
        "rosa-bell": "Rosa Bell",
    },
    first_names={
        "maya": "maya-lindqvist",
        "theo": "theo-okafor",
        "ines": "ines-duarte",
        "kenji": "kenji-arai",
        "rosa": "rosa-bell",
    },
    categories={slug: slug.title() for slug in ("painting", "drawing", "photography", "prints", "sculpture")}
    | {"ceramics": "Ceramics", "textiles": "Textiles"},
    mediums=(
        "Oil on canvas",
        "Oil on linen",
        "Oil on board",
        "Acrylic on panel",
        "Giclée print",
        "Screen print, 4 colours",
        "Screen print, 2 colours",
        "Linocut",
        "Etching",
        "Charcoal on paper",
        "Graphite on paper",
        "Graphite",
        "Porcelain",
        "Porcelain, celadon glaze",
        "Stoneware",
        "Cast bronze",
    ),
)

REQUESTS = [
    # price
    ("under £200", {"max_price": "200"}),
    ("below 150", {"max_price": "150"}),
    ("less than 80 pounds", {"max_price": "80"}),
    ("max 300", {"max_price": "300"}),
    ("200 quid", {"max_price": "200"}),
    ("£1,200 or less", {"max_price": "1200"}),
    ("1k max", {"max_price": "1000"}),
    ("between 100 and 300", {"min_price": "100", "max_price": "300"}),
    ("£100-£300", {"min_price": "100", "max_price": "300"}),
    ("from 50 to 120", {"min_price": "50", "max_price": "120"}),
    ("around 200", {"min_price": "150", "max_price": "250"}),
    ("something cheap", {"max_price": "150"}),
    ("affordable art", {"max_price": "150"}),
    ("over 500", {"min_price": "500"}),
    # place
    ("art from Bristol", {"city": "Bristol"}),
    ("oil painting in st. ives", {"text": "oil", "city": "St Ives", "category": "painting"}),
    ("something green from MANCHESTER", {"city": "Manchester", "colour": "green"}),
    # medium and category
    ("watercolor", {"text": "watercolour", "category": "painting"}),
    ("a linocut", {"medium": "Linocut", "category": "prints"}),
    ("etching under 100", {"max_price": "100", "medium": "Etching", "category": "prints"}),
    ("screen print", {"text": "screen print", "category": "prints"}),
    ("photo of rain", {"text": "rain", "category": "photography"}),
    ("pottery", {"category": "ceramics"}),
    ("a ceramic bowl", {"category": "ceramics"}),
    ("sculpture", {"category": "sculpture"}),
    ("charcoal drawing", {"medium": "Charcoal on paper", "category": "drawing"}),
    ("pencil drawing", {"text": "pencil", "category": "drawing"}),
    ("textile", {"category": "textiles"}),
    # colour
    ("navy", {"colour": "blue"}),
    ("something teal or turquoise", {"colour": "teal"}),
    ("crimson abstract", {"text": "abstract", "colour": "red"}),
    ("gold", {"colour": "yellow"}),
    ("mustard yellow", {"colour": "yellow"}),
    ("light grey", {"colour": "grey"}),
    # size
    ("tiny", {"size": "small"}),
    ("for a small hallway", {"size": "small"}),
    ("a big painting", {"size": "large", "category": "painting"}),
    ("huge statement piece", {"size": "large"}),
    ("fits 50 cm", {"max_width_cm": "50"}),
    ("no wider than 60cm", {"max_width_cm": "60"}),
    ("under 40 x 60 cm", {"max_width_cm": "40", "max_height_cm": "60"}),
    ("no taller than 1 m", {"max_height_cm": "100"}),
    ("20 inches wide", {"max_width_cm": "50.8"}),
    # artists
    ("by Maya Lindqvist", {"artist": "maya-lindqvist"}),
    ("something by Theo", {"artist": "theo-okafor"}),
    ("Inês stoneware", {"medium": "Stoneware", "category": "ceramics", "artist": "ines-duarte"}),
    # original / print
    ("an original painting", {"category": "painting", "original": True}),
    ("one of a kind", {"original": True}),
    ("a poster", {"original": False}),
    ("limited edition under £100", {"max_price": "100", "original": False}),
    # featured
    ("what's featured", {"featured": True}),
    ("popular", {"featured": True}),
    # together
    (
        "something blue for a small hallway, under £200, ideally from Bristol",
        {"max_price": "200", "city": "Bristol", "colour": "blue", "size": "small"},
    ),
    (
        "screen print by Theo under £100",
        {"text": "screen print", "max_price": "100", "category": "prints", "artist": "theo-okafor"},
    ),
    ("birthday present under 50", {"max_price": "50"}),
    ("Harbour", {"text": "harbour"}),
    ("over 500 but under 100", {"min_price": "100", "max_price": "500"}),
    ("2 prints and 3 cards", {"text": "cards", "original": False}),
]


@pytest.mark.parametrize(("message", "filters"), REQUESTS, ids=[message for message, _ in REQUESTS])
def test_a_request_becomes_the_filters_it_means(message, filters):
    assert understand(message, names=DEMO_NAMES).as_filters() == filters


def test_the_table_covers_at_least_forty_requests():
    assert len(REQUESTS) >= 40


@pytest.mark.parametrize("message", ["gift for my mum", "a birthday present under 50", "something for my dad"])
def test_gift_intent_is_noticed(message):
    understood = understand(message, names=DEMO_NAMES)
    assert understood.gift
    assert "as a gift" in understood.summary().casefold()


@pytest.mark.parametrize("message", ["surprise me", "recommend something", "anything", "gift for my mum"])
def test_an_open_request_asks_for_recommendations(message):
    assert understand(message, names=DEMO_NAMES).intent == "recommend"


@pytest.mark.parametrize("message", ["does Maya take commissions?", "tell me about Kenji Arai"])
def test_a_question_about_an_artist_is_recognised(message):
    understood = understand(message, names=DEMO_NAMES)
    assert understood.intent == "artist"
    assert understood.artist in ("maya-lindqvist", "kenji-arai")


def test_the_summary_says_what_was_understood_in_a_buyers_words():
    understood = understand("something blue for a small hallway, under £200, ideally from Bristol", names=DEMO_NAMES)
    assert understood.summary() == "Blue, small, under £200, in Bristol"


def test_a_city_without_artists_is_noted_not_searched_as_words():
    understood = understand("art in London", names=DEMO_NAMES)
    assert understood.as_filters() == {}
    assert understood.unknown_place == "London"
    assert understood.notes == ["None of our artists are in London yet."]


def test_in_is_never_read_as_inches():
    assert understand("under 200 in Bristol", names=DEMO_NAMES).as_filters() == {"max_price": "200", "city": "Bristol"}


@pytest.mark.django_db
def test_near_me_is_the_city_in_the_buyers_profile_address(django_user_model):
    ben = django_user_model.objects.create_user("ben@example.com", "x", default_address="12 Cotham Hill, Bristol BS6")
    understood = understand("local art under £300", user=ben, names=DEMO_NAMES)
    assert understood.near_me
    assert understood.as_filters() == {"max_price": "300", "city": "Bristol"}


@pytest.mark.django_db
def test_near_me_without_an_address_is_noted_as_unknown(django_user_model):
    bea = django_user_model.objects.create_user("bea@example.com", "x")
    understood = understand("something near me", user=bea, names=DEMO_NAMES)
    assert understood.near_me and not understood.city
    assert "profile address" in understood.notes[0]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "🎨🖼️✨",
        '"blue" OR 1=1; DROP TABLE catalogue_product; --',
        '\' AND "" MATCH * NEAR(a b) -x +y title:blue',
        "under £" + "9" * 400,
        "blue " * 5000,
        "x" * 10_000,
        "\x00\x01\u202e\ufeff",
        None,
    ],
)
def test_hostile_input_is_read_without_crashing(message):
    understood = understand(message, names=DEMO_NAMES)
    assert len(understood.text) <= 200
    assert understood.max_price is None or understood.max_price <= 10_000_000


def test_only_the_first_two_thousand_characters_are_read():
    understood = understand("x " * MAX_INPUT + "under £200 in Bristol", names=DEMO_NAMES)
    assert understood.as_filters() == {}  # "x" is too short to search; the tail was never read


@pytest.mark.django_db
def test_the_vocabulary_is_the_catalogues_own_names(site_pages):
    from artists.tests.factories import make_artist
    from shop.catalogue.tests.factories import make_artwork

    maya = make_artist(username="maya", display_name="Maya Lindqvist", city="Bristol")
    make_artwork(maya, title="Harbour Blue", price="980.00", medium="Oil on canvas")
    names = catalogue_names()
    assert names.cities == {"bristol": "Bristol"}
    assert names.artists == {"maya lindqvist": maya.slug}
    assert names.artist_names == {maya.slug: "Maya Lindqvist"}
    assert names.first_names == {"maya": maya.slug}
    assert names.mediums == ("Oil on canvas",)
    assert understand("Maya in bristol", names=names).as_filters() == {"city": "Bristol", "artist": maya.slug}


def test_any_mix_of_words_and_junk_gives_filters_the_search_tool_accepts():
    from shop.catalogue.colours import PALETTE
    from shop.catalogue.discovery.filters import MAX_DIMENSION_CM, SIZES

    pieces = [m for m, _ in REQUESTS] + [
        "£",
        "-",
        "x",
        "cm",
        "k",
        "and",
        "to",
        "9" * 12,
        "0",
        "🎨",
        "'",
        '"',
        "\\",
        "%",
    ]
    rng = random.Random(18)
    for _ in range(300):
        message = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        understood = understand(message, names=DEMO_NAMES)
        filters = understood.as_filters()
        assert len(understood.text) <= 200, message
        assert understood.min_price is None or 0 <= understood.min_price <= MAX_AMOUNT, message
        assert understood.max_price is None or 0 <= understood.max_price <= MAX_AMOUNT, message
        if None not in (understood.min_price, understood.max_price):
            assert understood.min_price <= understood.max_price, message
        for name in ("max_width_cm", "max_height_cm"):
            assert getattr(understood, name) is None or 0 < getattr(understood, name) <= MAX_DIMENSION_CM, message
        assert filters.get("colour", "red") in PALETTE and filters.get("size", "small") in SIZES, message
