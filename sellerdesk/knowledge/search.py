"""Full-text search on the database: SQLite FTS5 or PostgreSQL, same lexemes on both.

The index itself is kept by the database from ``ArticleSearch`` rows (migration 0002): an FTS5
table filled by triggers on SQLite, a generated ``tsvector`` column with a GIN index on
PostgreSQL. This module turns a parsed query into each engine's syntax and asks for the
best-ranked article ids: bm25 on SQLite, ts_rank on PostgreSQL, title above tags above body.

Ranking is in two tiers: articles whose title or tags match come first (a small index of
titles and tags, migrations 0004 and 0005), then those that match anywhere. Scoring costs a few
microseconds per matching row, so a word found in half of 100,000 articles would take a quarter
of a second to rank in full. Each tier therefore scores at most ``KB_SEARCH_RANK_CAP`` matches
(1,000 by default): the newest. FTS5 finds them with an ordered walk of its index that costs
almost nothing; a PostgreSQL GIN index has no order, so there they are gathered from windows
of article ids, newest first, reading about as many rows as are scored (``_postgres_tier``).
Titles and tags are rarer than body words, so the title tier reaches much further back; an
exact title is looked up separately (``selectors``). See docs/adr/0005-knowledge-base-search.md.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection

from .text import SearchQuery

# The two tiers' tables with their bm25 column weights (title 10, body 1, tags 4, facets 0:
# filters only). bm25 is lower-is-better.
SQLITE_TIERS = {
    True: ("knowledge_fts_titles", "10.0, 4.0, 0.0"),
    False: ("knowledge_fts", "10.0, 1.0, 4.0, 0.0"),
}
# ts_rank weights for {D, C, B, A}: body 0.1, tags (B) 0.5, title (A) 1.0.
TS_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"


def facet(kind: str, value: object) -> str:
    """An index token for a filter value ("xlangzhhans", "xcat3"): only letters and digits,
    so the FTS5 tokenizer keeps it whole."""
    return "x" + kind + re.sub(r"[^0-9a-z]", "", str(value).lower())


def _fts5_lexeme(lexeme: str) -> str:
    if lexeme.endswith("*"):
        return '"' + lexeme[:-1].replace('"', '""') + '"*'
    return '"' + lexeme.replace('"', '""') + '"'


def _ts_lexeme(lexeme: str) -> str:
    if lexeme.endswith("*"):
        return "'" + lexeme[:-1].replace("'", "''") + "':*"
    return "'" + lexeme.replace("'", "''") + "'"


def _expression(query: SearchQuery, lexeme, and_, or_, any_group: bool) -> str:
    groups = []
    for group in query.groups:
        alternatives = []
        for alternative in group.alternatives:
            terms = [lexeme(t) for t in alternative]
            alternatives.append(terms[0] if len(terms) == 1 else "(" + and_.join(terms) + ")")
        groups.append("(" + or_.join(alternatives) + ")")
    return (or_ if any_group else and_).join(groups)


def fts5_match(
    query: SearchQuery,
    *,
    any_group: bool = False,
    language=None,
    category_id=None,
) -> str:
    """The FTS5 MATCH expression: every group (or, relaxed, any group), then the filters."""
    expression = "(" + _expression(query, _fts5_lexeme, " AND ", " OR ", any_group) + ")"
    if language:
        expression += f" AND facets : {facet('lang', language)}"
    if category_id:
        expression += f" AND facets : {facet('cat', category_id)}"
    return expression


def tsquery(query: SearchQuery, *, any_group: bool = False) -> str:
    return _expression(query, _ts_lexeme, " & ", " | ", any_group)


def _sqlite_tier(cursor, titles: bool, match: str, cap: int, count: int):
    table, weights = SQLITE_TIERS[titles]
    floor = 0
    if cap:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608 (constants)
            "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [match, cap - 1],
        )
        row = cursor.fetchone()
        floor = row[0] if row else 0
    cursor.execute(
        f"SELECT rowid, bm25({table}, {weights}) AS score FROM {table} "  # noqa: S608 (constants)
        f"WHERE {table} MATCH %s AND rowid >= %s ORDER BY score, rowid LIMIT %s",
        [match, floor, count],
    )
    # Negated so that, as on PostgreSQL, a higher score is better.
    return [(row[0], -float(row[1])) for row in cursor.fetchall()]


# Filters as constant SQL: an absent filter is NULL, which the planner folds away (psycopg
# binds parameters on the client, so the planner sees the literal NULL). The title tier reads
# the narrow knowledge_titlesearch (migration 0005), the other the full search rows.
PG_TIERS = {
    True: ("knowledge_titlesearch", "title_vector"),
    False: ("knowledge_articlesearch", "vector"),
}
PG_TOP = "SELECT max(article_id) FROM knowledge_titlesearch"
# The newest ``%s`` matches with ids in (low, high] are scored, and the best ``%s`` of them
# returned with how many were scored. The inner ORDER BY ... LIMIT picks them by id; the bounds
# are literals, so the planner sees how many rows the window holds and chooses between a bitmap
# (the GIN matches ANDed with the id range: only matches in the window are read from the heap)
# and a walk of the primary key over the window (cheaper for a word in most articles; chosen
# too for narrow rows, whose every row in the window it then reads).
PG_WINDOW = (
    "SELECT article_id, score, scored FROM ("
    "SELECT article_id, ts_rank(%s::float4[], {vector}, to_tsquery('simple', %s), 1) AS score, "
    "count(*) OVER () AS scored "
    "FROM (SELECT article_id, {vector} FROM {table} "
    "WHERE {vector} @@ to_tsquery('simple', %s) "
    "AND (%s::text IS NULL OR language = %s) AND (%s::bigint IS NULL OR category_id = %s) "
    "AND article_id > %s AND article_id <= %s ORDER BY article_id DESC LIMIT %s) AS window_rows"
    ") AS window_scores ORDER BY score DESC, article_id LIMIT %s"
)
PG_ALL = (
    "SELECT article_id, ts_rank(%s::float4[], {vector}, to_tsquery('simple', %s), 1) AS score "
    "FROM {table} WHERE {vector} @@ to_tsquery('simple', %s) "
    "AND (%s::text IS NULL OR language = %s) AND (%s::bigint IS NULL OR category_id = %s) "
    "ORDER BY score DESC, article_id LIMIT %s"
)
# The first window holds this many ids per match wanted (KB_SEARCH_RANK_CAP): enough for a
# word in a quarter of the articles to fill the cap at once.
PG_FIRST_WINDOW_PER_MATCH = 4


def _postgres_top(cursor) -> int:
    cursor.execute(PG_TOP)
    return cursor.fetchone()[0] or 0


def _postgres_tier(
    cursor, titles: bool, tsq: str, language, category_id, cap: int, count: int, top: int
):
    """The tier's best ``count`` among its newest ``cap`` matches.

    A GIN index returns matches in no order, so the newest ``cap`` cannot be read off it: a
    word in a few thousand articles meant reading every match from the heap (one page each)
    to find the cap-th newest. Instead the matches are taken from windows of article ids,
    newest first, each sized from the density of matches seen so far, until ``cap`` are in
    hand: about ``cap`` matches are read, not all of them. Each window's matches are scored
    in the same query, which returns only its best ``count``, so the result is the same as
    ranking the newest ``cap`` matches at once.
    """
    table, vector = PG_TIERS[titles]
    match = [tsq, language, language, category_id, category_id]
    if not cap:
        cursor.execute(PG_ALL.format(table=table, vector=vector), [TS_WEIGHTS, tsq, *match, count])
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
    window_sql = PG_WINDOW.format(table=table, vector=vector)
    high = top
    size = cap * PG_FIRST_WINDOW_PER_MATCH
    scored = 0
    # Each window's best ``count``: the best overall are among them.
    best: list[tuple[int, float]] = []
    while high > 0 and scored < cap:
        low = max(0, high - size)
        wanted = cap - scored
        # The newest window has no upper bound: an article published meanwhile still counts.
        upper = 2**62 if high == top else high
        cursor.execute(window_sql, [TS_WEIGHTS, tsq, *match, low, upper, wanted, count])
        rows = cursor.fetchall()
        best.extend((row[0], float(row[1])) for row in rows)
        found = rows[0][2] if rows else 0
        scored += found
        # The next window should hold the matches still wanted at the density seen so far,
        # with a quarter to spare, and be at least as wide as this one. When nothing matched
        # yet the word is rare (fewer than one match in PG_FIRST_WINDOW_PER_MATCH * cap
        # ids): the next window is everything older, whose matches are few to read.
        wanted -= found
        estimate = wanted * (top - low) * 5 // (4 * scored) if scored else low
        high, size = low, max(size, estimate)
    best.sort(key=lambda row: (-row[1], row[0]))
    return best[:count]


def ranked_ids(
    query: SearchQuery,
    *,
    language: str | None = None,
    category_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    any_group: bool = False,
    cap: int | None = None,
) -> list[tuple[int, float]]:
    """``(article_id, score)`` best first: title and tag matches, then the others; within a
    tier by score (higher is better on both engines)."""
    if query.empty:
        return []
    cap = settings.SELLERDESK["KB_SEARCH_RANK_CAP"] if cap is None else cap
    count = offset + limit
    if connection.vendor == "postgresql":
        tsq = tsquery(query, any_group=any_group)
        filters = (language or None, category_id or None)
        tops: list[int] = []

        def tier(cursor, titles):
            if not tops:  # the newest id, once for both tiers
                tops.append(_postgres_top(cursor) if cap else 0)
            return _postgres_tier(cursor, titles, tsq, *filters, cap, count, tops[0])

    elif connection.vendor == "sqlite":
        match = fts5_match(query, any_group=any_group, language=language, category_id=category_id)

        def tier(cursor, titles):
            return _sqlite_tier(cursor, titles, match, cap, count)

    else:
        raise NotImplementedError(
            f"knowledge search needs SQLite or PostgreSQL, not {connection.vendor}"
        )
    merged: list[tuple[int, float]] = []
    seen: set[int] = set()
    with connection.cursor() as cursor:
        for titles in (True, False):
            for pk, score in tier(cursor, titles):
                if pk not in seen:
                    seen.add(pk)
                    merged.append((pk, score))
            # The page is made of title matches alone: the other tier cannot change it.
            if len(merged) >= count:
                break
    return merged[offset : offset + limit]


# --- maintenance ----------------------------------------------------------------------------


def rebuild_sqlite_index(cursor) -> None:
    """Refill the FTS5 tables from the search rows (after a restore or a table rebuild). The
    tables and their triggers are created by migrations 0002 and 0004."""
    for table, columns in (
        ("knowledge_fts", "search_title, search_body, search_tags, facets"),
        ("knowledge_fts_titles", "search_title, search_tags, facets"),
    ):
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table}(rowid, {columns}) "  # noqa: S608
            f"SELECT article_id, {columns} FROM knowledge_articlesearch"
        )
