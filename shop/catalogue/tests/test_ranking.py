"""Ranked search read straight from Wagtail search's index: one statement, title first, live only.

Runs on SQLite (FTS5) and MariaDB (InnoDB FULLTEXT). InnoDB adds to a FULLTEXT index only at
commit, so tests that expect to find something commit their data (transaction=True).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.conf import get_app_config
from oscar.core.loading import get_class, get_model

from artists.services import suspend_artist
from shop.catalogue.discovery import ranking
from shop.catalogue.discovery.ranking import autocomplete_artwork_ids, ranked_artwork_ids
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.tests.factories import on_unlimited_plan

pytestmark = pytest.mark.sqlite  # CI runs these on SQLite too: they ask what only SQLite answers

hide_artwork = get_class("catalogue.services", "hide_artwork")
Product = get_model("catalogue", "Product")
IndexEntry = get_app_config().get_model("IndexEntry")

committed = pytest.mark.django_db(transaction=True)

HOSTILE = [
    "",
    "   ",
    "'",
    '"',
    '"""',
    '"unterminated harbour',
    "*",
    "-",
    "+",
    "(",
    ")",
    "()",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(harbour sea, 2)",
    "harbour AND",
    "OR harbour",
    "title:harbour",
    "{title body}: harbour",
    "^harbour",
    "harbour*",
    "-harbour +sea ~boat <light >dark @2",
    "\\",
    "harbour\\",
    "\\'; --",
    "'; DROP TABLE catalogue_product; --",
    '" OR ""="',
    "1' OR '1'='1",
    "%s %(title)s %%",
    "% _",
    "\x00",
    "🎨🖼️ 🌊",
    "!@#$%^&*()_+=[]{}|;:,.<>/?`~",
    "Straße Ålesund 東京 ١٢٣",
    "a" * 10_000,
    "harbour " * 2_000,
    " ".join(f"w{n}" for n in range(200)),
]


def _titles(ids):
    by_id = dict(Product.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [by_id[pk] for pk in ids]


@committed
def test_a_title_match_ranks_above_a_description_only_match(maya, theo):
    make_artwork(theo, title="Quiet Morning", description="A lighthouse on the estuary at dawn.")
    make_artwork(maya, title="Lighthouse", description="Oil on linen.")

    assert _titles(ranked_artwork_ids("lighthouse")) == ["Lighthouse", "Quiet Morning"]


@committed
def test_the_limit_keeps_the_best_hits_by_score(maya):
    # Description-only hits are both the oldest and the newest, so a LIMIT taken in id order (either
    # way) instead of after ordering by score would keep some of them.
    in_description = "Harbour walls, harbour boats, harbour light."
    for n in (1, 2):
        make_artwork(maya, title=f"Study {n}", description=in_description)
    in_title = [make_artwork(maya, title=f"Harbour {n}").pk for n in range(4)]
    for n in (3, 4):
        make_artwork(maya, title=f"Study {n}", description=in_description)

    # The title matches score alike: the newest (highest id) first.
    assert ranked_artwork_ids("harbour", limit=3) == in_title[::-1][:3]
    assert len(ranked_artwork_ids("harbour")) == 8


@committed
def test_every_word_is_wanted_first_then_any_word(maya):
    blue_harbour = make_artwork(maya, title="Blue Harbour")
    make_artwork(maya, title="Red Harbour")
    blue_field = make_artwork(maya, title="Blue Field", description="Cornflowers.")

    assert ranked_artwork_ids("blue harbour") == [blue_harbour.pk]
    assert sorted(ranked_artwork_ids("blue cornflowers")) == [blue_field.pk]
    assert sorted(ranked_artwork_ids("blue quayside")) == sorted([blue_harbour.pk, blue_field.pk])


@committed
def test_short_words_and_stopwords_do_not_empty_a_search_for_every_word(maya):
    ives = make_artwork(maya, title="The Harbour at St Ives")
    make_artwork(maya, title="Harbour Wall")

    assert ranked_artwork_ids("the harbour at st ives") == [ives.pk]


@committed
def test_hidden_and_suspended_artworks_drop_out_without_reindexing(maya, theo):
    hidden = make_artwork(maya, title="Harbour Lights")
    suspended = make_artwork(theo, title="Harbour Wall")
    shown = make_artwork(maya, title="Harbour Steps")
    assert sorted(ranked_artwork_ids("harbour")) == sorted([hidden.pk, suspended.pk, shown.pk])

    hide_artwork(artwork=hidden, reason="Not the artist's own work.")
    suspend_artist(artist=theo)

    assert ranked_artwork_ids("harbour") == [shown.pk]
    assert autocomplete_artwork_ids("harb") == [shown.pk]
    assert sorted(ranked_artwork_ids("harbour", live_only=False)) == sorted([hidden.pk, suspended.pk, shown.pk])
    # Artworks' entries only: a page may share an artwork's id (object_id is per content type).
    entries = IndexEntry.objects.filter(content_type__model="product", content_type__app_label="catalogue")
    assert entries.filter(object_id__in=[str(hidden.pk), str(suspended.pk)]).count() == 2


@committed
def test_each_attempt_is_one_statement_that_does_not_grow_with_the_hits(maya):
    on_unlimited_plan(maya)  # 60 artworks: more than the free plan's 20 listings
    for n in range(3):
        make_artwork(maya, title=f"Harbour {n}")
    with CaptureQueriesContext(connection) as few:
        assert len(ranked_artwork_ids("harbour")) == 3
    for n in range(3, 60):
        make_artwork(maya, title=f"Harbour {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(ranked_artwork_ids("harbour")) == 60
    with CaptureQueriesContext(connection) as fallback:
        assert len(ranked_artwork_ids("harbour quayside")) == 60
    with CaptureQueriesContext(connection) as suggested:
        assert len(autocomplete_artwork_ids("harb")) == 50

    assert len(few) == len(many) == len(suggested) == 1
    assert len(few[0]["sql"]) == len(many[0]["sql"])
    assert len(fallback) == 2  # every word, then any word


@committed
def test_autocomplete_finds_an_artwork_from_the_start_of_a_title_word(maya):
    harbour = make_artwork(maya, title="Harbour Blue")
    make_artwork(maya, title="Lighthouse", description="Seen from the harbour.")

    assert autocomplete_artwork_ids("harb") == [harbour.pk]
    assert autocomplete_artwork_ids("Ha") == [harbour.pk]
    assert autocomplete_artwork_ids("harbour bl") == [harbour.pk]
    assert autocomplete_artwork_ids("blue harb") == [harbour.pk]
    assert autocomplete_artwork_ids("harbor") == []


@committed
def test_other_search_backends_are_asked_through_wagtail_search_keeping_live_only(maya, monkeypatch):
    # Elasticsearch does not run here: send the database backend down the path it would take.
    monkeypatch.setattr(ranking, "_dialect", lambda: None)
    hidden = make_artwork(maya, title="Harbour Lights")
    shown = make_artwork(maya, title="Harbour Steps")
    make_artwork(maya, title="Quiet Morning", description="Fog over the harbour.")
    hide_artwork(artwork=hidden, reason="Not the artist's own work.")

    assert ranked_artwork_ids("harbour steps") == [shown.pk]
    assert len(ranked_artwork_ids("harbour")) == 2
    assert hidden.pk in ranked_artwork_ids("harbour", live_only=False)
    assert autocomplete_artwork_ids("harb") == [shown.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_returns_a_list_and_never_an_error(text):
    assert isinstance(ranked_artwork_ids(text), list)
    assert isinstance(ranked_artwork_ids(text, live_only=False, limit=5), list)
    assert isinstance(autocomplete_artwork_ids(text), list)


@committed
def test_hostile_input_around_a_real_word_still_finds_only_what_it_names(maya):
    harbour = make_artwork(maya, title="Harbour")
    make_artwork(maya, title="Sea Wall")

    for text in ['"harbour*" OR 1=1; --', "harbour) NOT (", "{title}: harbour", "-harbour", "'harbour'"]:
        assert ranked_artwork_ids(text) == [harbour.pk], text
    for text in ['"harb*', "(harb)", "+harb*", "^harb:", "'harb"]:
        assert autocomplete_artwork_ids(text) == [harbour.pk], text


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_the_fts5_columns_are_in_the_order_the_bm25_weights_assume():
    fts_table = get_app_config().get_model("SQLiteFTSIndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({fts_table})")
        assert tuple(row[1] for row in cursor.fetchall()) == ranking.FTS5_COLUMNS


@pytest.mark.mariadb
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "mysql", reason="FULLTEXT indexes exist on MariaDB only")
def test_the_fulltext_indexes_ranking_matches_against_exist():
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW INDEX FROM {IndexEntry._meta.db_table} WHERE Index_type = 'FULLTEXT'")
        columns = {}
        for row in cursor.fetchall():
            columns.setdefault(row[2], []).append(row[4])
    assert sorted(columns.values()) == [["autocomplete"], ["body"], ["title"], ["title", "body"]]
