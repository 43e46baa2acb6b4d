"""Ranked artwork search in one SQL statement per attempt, read straight from Wagtail search's index.

Why: the relevance ordering of modelsearch's database backend (1.3) is quadratic. On SQLite it
orders by a correlated subquery that re-runs the FTS5 MATCH for every hit and compares the varchar
`object_id` with the integer primary key, so the (content_type, object_id) index serves only its
prefix; on MariaDB the same subquery runs DEPENDENT with MATCH wrapped in CASE WHEN, so the FULLTEXT
index is not used; and the hit limit comes after every score. At 100,000 artworks: 45-120 s.

What this does instead: the full-text index finds the hits (FTS5 MATCH / InnoDB MATCH ... AGAINST
in the WHERE), scores them in the same pass with the title weighted above the rest, joins each hit
once to its artwork by integer primary key (to keep live ones and read the title) and stops after
`limit` rows in score order. Python then only re-orders those rows as the site always has: titles
holding every word, then some, then none, score order kept inside each group.

It reads Wagtail search's own tables (`IndexEntry`, `SQLiteFTSIndexEntry`, table names from their
`_meta`) and relies on their layout as modelsearch's migrations build it: FTS5 columns
(autocomplete, body, title); FULLTEXT indexes on (title), (body), (title, body) and (autocomplete).
Re-check this module and its tests when upgrading Wagtail or modelsearch. Any other search backend
(Elasticsearch, OpenSearch) is asked through `backend.search()`, which scales there.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from modelsearch.conf import get_app_config
from oscar.core.loading import get_model
from wagtail.search.backends import get_search_backend

Product = get_model("catalogue", "Product")
IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)

MAX_SEARCH_HITS = 1000  # ranked matches considered; beyond that nobody reads on
MAX_WORDS = 12
MAX_WORD_LENGTH = 64
WORD = re.compile(r"\w+")  # words only: no quote, operator or column filter reaches the index
# A scalar subquery rather than a cached id, so a search is one statement even on a cold cache.
CONTENT_TYPE_SQL = f"SELECT id FROM {ContentType._meta.db_table} WHERE app_label = %s AND model = %s"

# The index columns searched and their weight in the score: the title counts four times the rest,
# as Product.search_fields boosts it. FTS5's bm25() takes weights in its table's column order.
TEXT_WEIGHTS = {"title": 4, "body": 1}
AUTOCOMPLETE_WEIGHTS = {"autocomplete": 1}
FTS5_COLUMNS = ("autocomplete", "body", "title")

# InnoDB never indexes words shorter than innodb_ft_min_token_size (3 unless configured) nor its
# default stopwords (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD); a required `+word` of either
# kind matches nothing, so such words are left out of MariaDB searches (prefixes are unaffected).
INNODB_MIN_TOKEN_SIZE = 3
INNODB_STOPWORDS = frozenset(
    "a about an are as at be by com de en for from how i in is it la of on or that the this to was what "
    "when where who will with und www".split()
)


def search_words(text: str) -> list[str]:
    """The distinct words of what was typed, casefolded and bounded in number and length."""
    words = []
    for match in WORD.finditer(text.casefold()):
        word = match.group()
        if len(word) <= MAX_WORD_LENGTH and word not in words:
            words.append(word)
            if len(words) == MAX_WORDS:
                break
    return words


def ranked_artwork_ids(text: str, *, live_only: bool = True, limit: int = MAX_SEARCH_HITS) -> list[int]:
    """Artworks matching every word (or, failing that, any word), best first: title matches lead."""
    return [pk for pk, _ in ranked_artwork_hits(text, live_only=live_only, limit=limit)]


def ranked_artwork_hits(text: str, *, live_only: bool = True, limit: int = MAX_SEARCH_HITS) -> list[tuple[int, tuple]]:
    """`ranked_artwork_ids()` with each hit's rank: (id, rank), best first; equal ranks are ties.

    The rank is (how many words the title holds, the index's score), smaller is better. Ties keep
    the newest id first here; `featured_first_among_equals()` breaks them for featured artworks at
    read time, so a cached ranking never carries yesterday's featuring.
    """
    words = search_words(text)
    if not words or limit <= 0:
        return []
    hits = _search(words, "and", live_only=live_only, limit=limit)
    if not hits and len(words) > 1:  # the words never appear together: accept any of them
        hits = _search(words, "or", live_only=live_only, limit=limit)

    def title_strength(title: str) -> int:
        title = title.casefold()
        found = sum(word in title for word in words)
        return 0 if found == len(words) else (1 if found else 2)

    ranked = [(pk, (title_strength(title), score)) for pk, title, score in hits]
    return sorted(ranked, key=lambda hit: hit[1][0])  # sorted() is stable: score order holds


def featured_first_among_equals(hits: list[tuple[int, tuple]], featured) -> list[int]:
    """The ids of ranked `hits`, a featured one first among hits of EQUAL rank, nothing else moved.

    `featured` is a set of ids, or a callable given the ids that tie with another hit (usually a
    handful, often none) and answering which are featured now: no query when nothing ties.
    """
    seen = {}
    for _, rank in hits:
        seen[rank] = seen.get(rank, 0) + 1
    tied = [pk for pk, rank in hits if seen[rank] > 1]
    if not tied:
        return [pk for pk, _ in hits]
    chosen = featured(tied) if callable(featured) else featured
    return [pk for pk, _ in sorted(hits, key=lambda hit: (hit[1], hit[0] not in chosen))]


def autocomplete_artwork_ids(prefix: str, *, limit: int = 50) -> list[int]:
    """Live artworks with a title word starting like each typed word, best first."""
    words = search_words(prefix)
    if not words or limit <= 0:
        return []
    dialect = _dialect()
    if dialect == "sqlite":
        match = " AND ".join(f"{_fts5_phrase(word)} *" for word in words)
        hits = _fts5_hits(AUTOCOMPLETE_WEIGHTS, match, live_only=True, limit=limit)
    elif dialect == "mysql":
        prefixes = " ".join(f"+{word}*" for word in words)  # short words and stopwords still prefix longer ones
        hits = _innodb_hits(AUTOCOMPLETE_WEIGHTS, prefixes, prefixes, live_only=True, limit=limit)
    else:
        found = get_search_backend().autocomplete(" ".join(words), Product.objects.only("pk", "title", "is_live"))
        hits = _keep_live(found[:limit], live_only=True)
    # What was typed is the start of a title: titles that begin with it come first, the closest
    # (shortest) first, so "harb" offers "Harbour Blue" before "Harbour Blue (print)" on both
    # databases (InnoDB scores word matches alike); the others keep the backend's order.
    typed = " ".join(words)

    def closeness(hit):
        return (0, len(hit[1])) if hit[1].casefold().startswith(typed) else (1, 0)

    return [pk for pk, _, _ in sorted(hits, key=closeness)]


def _search(words: list[str], operator: str, *, live_only: bool, limit: int) -> list[tuple[int, str, float]]:
    """(id, title, score) of the top `limit` hits, best (lowest score) first, from one statement."""
    dialect = _dialect()
    if dialect == "sqlite":
        match = f" {operator.upper()} ".join(_fts5_phrase(word) for word in words)
        return _fts5_hits(TEXT_WEIGHTS, match, live_only=live_only, limit=limit)
    if dialect == "mysql":
        indexed = [word for word in words if len(word) >= INNODB_MIN_TOKEN_SIZE and word not in INNODB_STOPWORDS]
        if not indexed:
            return []
        any_word = " ".join(indexed)
        wanted = " ".join(f"+{word}" for word in indexed) if operator == "and" else any_word
        return _innodb_hits(TEXT_WEIGHTS, wanted, any_word, live_only=live_only, limit=limit)
    artworks = Product.objects.only("pk", "title", "is_live")
    return _keep_live(get_search_backend().search(" ".join(words), artworks, operator=operator)[:limit], live_only)


def _keep_live(artworks, live_only: bool) -> list[tuple[int, str, float]]:
    # Elasticsearch and OpenSearch can filter only on FilterFields, and `is_live` is not one: the
    # hits are read from the database with their current `is_live` and filtered here instead.
    # Their scores are not read: the backend's order is the score, and no two places tie.
    kept = [artwork for artwork in artworks if artwork.is_live or not live_only]
    return [(artwork.pk, artwork.title, float(place)) for place, artwork in enumerate(kept)]


def _dialect() -> str | None:
    """'sqlite' or 'mysql' when Wagtail search is the database backend on that database, else None."""
    backend = get_search_backend()
    vendor = connections[router.db_for_read(IndexEntry)].vendor
    # Each backend module imports only on its own database (the SQLite one needs the FTS5 model).
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        # modelsearch picks this class only when FTS5 is available and its table exists.
        return "sqlite" if isinstance(backend, SQLiteSearchBackend) else None
    if vendor == "mysql":
        from modelsearch.backends.database.mysql.mysql import MySQLSearchBackend

        return "mysql" if isinstance(backend, MySQLSearchBackend) else None
    return None


def _fts5_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts5_hits(weights: dict, match: str, *, live_only: bool, limit: int) -> list[tuple[int, str, float]]:
    """Hits of the FTS5 query `match` in the weighted columns with their bm25() (lower is better), best first."""
    fts = get_app_config().get_model("SQLiteFTSIndexEntry")._meta.db_table
    columns_match = "{" + " ".join(weights) + "} : (" + match + ")"
    bm25_weights = ", ".join(str(weights.get(column, 0)) for column in FTS5_COLUMNS)
    sql = f"""
        SELECT artwork.id, artwork.title, bm25({fts}, {bm25_weights}) AS score
        FROM {fts}
        JOIN {IndexEntry._meta.db_table} AS entry ON entry.id = {fts}.rowid
        JOIN {Product._meta.db_table} AS artwork ON artwork.id = CAST(entry.object_id AS INTEGER)
        WHERE {fts} MATCH %s AND entry.content_type_id = ({CONTENT_TYPE_SQL}){_live_sql(live_only)}
        ORDER BY score, artwork.id DESC
        LIMIT %s
    """
    return [
        (pk, title, _rounded(score))
        for pk, title, score in _fetch(sql, [columns_match, *_content_type_params(), limit])
    ]


def _innodb_hits(
    weights: dict, wanted: str, scored: str, *, live_only: bool, limit: int
) -> list[tuple[int, str, float]]:
    """Hits of `wanted` in the FULLTEXT index on the weighted columns, best first by `scored` words.

    The MATCH in the WHERE lets the index find the hits. The score matches any word, so a hit
    holding only some words in the title still outranks one holding them only in the body.
    """
    score = " + ".join(f"MATCH(entry.{column}) AGAINST (%s IN BOOLEAN MODE) * {w}" for column, w in weights.items())
    sql = f"""
        SELECT artwork.id, artwork.title, {score} AS score
        FROM {IndexEntry._meta.db_table} AS entry
        JOIN {Product._meta.db_table} AS artwork ON artwork.id = CAST(entry.object_id AS UNSIGNED)
        WHERE MATCH({", ".join(f"entry.{column}" for column in weights)}) AGAINST (%s IN BOOLEAN MODE)
          AND entry.content_type_id = ({CONTENT_TYPE_SQL}){_live_sql(live_only)}
        ORDER BY score DESC, artwork.id DESC
        LIMIT %s
    """
    rows = _fetch(sql, [*[scored] * len(weights), wanted, *_content_type_params(), limit])
    return [(pk, title, -_rounded(score)) for pk, title, score in rows]  # negated: lower is better, as bm25()


def _rounded(score) -> float:
    # Equal documents score equal; rounding keeps float noise from splitting a tie.
    return round(float(score or 0), 9)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connections[router.db_for_read(IndexEntry)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _live_sql(live_only: bool) -> str:
    # The indexed column behind Product.objects.live(), kept true by shop.catalogue.listing.
    return " AND artwork.is_live = 1" if live_only else ""


def _content_type_params() -> list[str]:
    return [Product._meta.app_label, Product._meta.model_name]
