"""Any text typed into a search box searches or finds nothing, never a 500 (issue 12).

Raw text once reached SQLite's FTS5 query syntax, where a lone `"` is a syntax error; MariaDB's
boolean-mode FULLTEXT has operators of its own (`+ - < > ( ) ~ * " @`). Each box is tried with
hand-picked operators and with generated text, on whichever database the run uses; the MariaDB
variant drives boolean mode directly. InnoDB indexes at commit, hence transaction=True.
"""

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artists.tests.factories import make_artist
from shop.catalogue.discovery.ranking import autocomplete_artwork_ids, ranked_artwork_ids
from shop.catalogue.tests.factories import make_artwork
from shop.catalogue.tests.shown import shown_titles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sqlite]

HOSTILE_TEXTS = [
    '"',
    '12" print',
    '"harbour',
    "harbour\"'",
    "AND",
    "OR",
    "NOT",
    "harbour AND",
    "NOT harbour",
    "OR OR OR",
    "NEAR",
    "NEAR(harbour blue)",
    "NEAR(harbour blue, 2)",
    "*",
    "harb*",
    "*harb",
    "-",
    "-harbour",
    "+",
    "+harbour +",
    "~harbour",
    "<harbour >blue",
    "@",
    "@3",
    '"harbour blue"@2',
    "(",
    ")",
    "((harbour)",
    "harbour))",
    "{title}: harbour",
    "title:harbour",
    "body : x",
    "^harbour",
    "harbour\x00blue",
    "\x00",
    "'; DROP TABLE catalogue_product; --",
    "%",
    "_",
    "\\",
    "harbour " * 400,
    "h" * 5000,
    "＂ｈａｒｂｏｕｒ＂",
    "ǅ ² ́ 𠀀",
    "🖼️ harbour",
]

# Every search box a visitor or an API client can type into, and the parameter it reads.
SEARCH_BOXES = [
    ("/shop/search/", "q"),
    ("/shop/search/autocomplete/", "q"),
    ("/shop/catalogue/", "q"),
    ("/api/v1/products/", "search"),
    ("/api/v1/artists/", "search"),
]

# Generated text leans on the characters that mean something to FTS5 or InnoDB's boolean mode.
OPERATOR_SOUP = st.lists(
    st.one_of(
        st.sampled_from(list("\"'*-+~<>@()[]{}:^,.\\%_ \t\n\x00")),
        st.sampled_from(["AND", "OR", "NOT", "NEAR", "harbour", "blue", "a", "the", " "]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)

# No deadline (a request takes what it takes), no example database left behind in the tree; the
# fixture's artwork is only read, so sharing it between generated examples is safe.
QUIET = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


@pytest.fixture
def harbour_blue(site_pages):
    artist = make_artist(username="maya", city="Bristol")
    from artists.models import ArtistPage

    ArtistPage.objects.get(artist=artist).save_revision().publish()
    return make_artwork(artist, title="Harbour Blue", description="The estuary at dawn.")


def searched(path, parameter, text) -> bool:
    """The box searched (200), or the API named the parameter it refused (400: too long, NUL byte)."""
    response = Client().get(path, {parameter: text})
    if response.status_code == 400 and path.startswith("/api/"):
        return parameter in response.json()
    return response.status_code == 200


@pytest.mark.parametrize(("path", "parameter"), SEARCH_BOXES)
def test_no_search_text_is_a_server_error(harbour_blue, path, parameter):
    refused = [text[:40] for text in HOSTILE_TEXTS if not searched(path, parameter, text)]

    assert refused == []


@pytest.mark.parametrize("text", ['"harbour', '12" harbour', "+harbour -", "(harbour", "harbour*", "NEAR(harbour"])
def test_operators_are_read_as_plain_words(harbour_blue, text):
    response = Client().get("/shop/search/", {"q": text})

    assert response.status_code == 200
    assert shown_titles(response) == ["Harbour Blue"]


def test_the_api_finds_the_words_among_operators(harbour_blue):
    response = Client().get("/api/v1/products/", {"search": '"harbour blue" OR ('})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Harbour Blue"]


def test_autocomplete_ignores_operators_around_the_prefix(harbour_blue):
    response = Client().get("/shop/search/autocomplete/", {"q": '"harb*'})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["artworks"]] == ["Harbour Blue"]


@pytest.mark.parametrize(("path", "parameter"), SEARCH_BOXES)
def test_generated_text_never_breaks_a_search_box(harbour_blue, path, parameter):
    @settings(max_examples=40, **QUIET)
    @given(text=OPERATOR_SOUP)
    def search_anything(text):
        assert searched(path, parameter, text)

    search_anything()


@pytest.mark.mariadb
def test_boolean_mode_fulltext_takes_any_text_as_words(harbour_blue):
    """InnoDB's boolean mode, asked directly: operators never reach MATCH ... AGAINST."""
    if connection.vendor != "mysql":
        pytest.skip("boolean-mode FULLTEXT is MariaDB/MySQL only")
    for text in HOSTILE_TEXTS:
        ranked_artwork_ids(text)
        autocomplete_artwork_ids(text)
    assert ranked_artwork_ids('+"harbour" -blue~ (') == [harbour_blue.pk]
    assert autocomplete_artwork_ids("@harb* <") == [harbour_blue.pk]

    @settings(max_examples=100, **QUIET)
    @given(text=OPERATOR_SOUP)
    def search_anything(text):
        assert isinstance(ranked_artwork_ids(text), list)
        assert isinstance(autocomplete_artwork_ids(text), list)

    search_anything()
