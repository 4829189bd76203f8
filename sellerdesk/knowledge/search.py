"""Full-text search on the database: SQLite FTS5 or PostgreSQL, same lexemes on both.

The index itself is kept by the database from ``ArticleSearch`` rows (migration 0002): an FTS5
table filled by triggers on SQLite, a generated ``tsvector`` column with a GIN index on
PostgreSQL. This module only turns a parsed query into each engine's syntax and asks for the
best-ranked article ids: bm25 on SQLite, ts_rank on PostgreSQL, title weighted above tags
above body on both.
"""

from __future__ import annotations

import re

from django.db import connection

from .text import SearchQuery

# bm25 column weights: title 10, body 1, tags 4, facets 0 (filters only). Lower is better.
SQLITE_RANKED = (
    "SELECT rowid, bm25(knowledge_fts, 10.0, 1.0, 4.0, 0.0) AS score FROM knowledge_fts "
    "WHERE knowledge_fts MATCH %s ORDER BY score, rowid LIMIT %s OFFSET %s"
)
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


def fts5_match(query: SearchQuery, *, any_group: bool = False, language=None, category_id=None):
    """The FTS5 MATCH expression: every group (or, relaxed, any group), then the filters."""
    expression = "(" + _expression(query, _fts5_lexeme, " AND ", " OR ", any_group) + ")"
    if language:
        expression += f" AND facets : {facet('lang', language)}"
    if category_id:
        expression += f" AND facets : {facet('cat', category_id)}"
    return expression


def tsquery(query: SearchQuery, *, any_group: bool = False) -> str:
    return _expression(query, _ts_lexeme, " & ", " | ", any_group)


def ranked_ids(
    query: SearchQuery,
    *,
    language: str | None = None,
    category_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    any_group: bool = False,
) -> list[tuple[int, float]]:
    """``(article_id, score)`` best first; a higher score is better on both engines."""
    if query.empty:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = [
                "SELECT article_id, ts_rank(%s::float4[], vector, q, 1) AS score",
                "FROM knowledge_articlesearch, to_tsquery('simple', %s) q",
                "WHERE vector @@ q",
            ]
            params: list = [TS_WEIGHTS, tsquery(query, any_group=any_group)]
            if language:
                sql.append("AND language = %s")
                params.append(language)
            if category_id:
                sql.append("AND category_id = %s")
                params.append(category_id)
            sql.append("ORDER BY score DESC, article_id LIMIT %s OFFSET %s")
            cursor.execute(" ".join(sql), [*params, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(
                f"knowledge search needs SQLite or PostgreSQL, not {connection.vendor}"
            )
        match = fts5_match(query, any_group=any_group, language=language, category_id=category_id)
        cursor.execute(SQLITE_RANKED, [match, limit, offset])
        # bm25 is lower-is-better; negate it so callers see one convention.
        return [(row[0], -float(row[1])) for row in cursor.fetchall()]


# --- schema (used by migration 0002 and by the reindex command) ----------------------------

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE knowledge_fts USING fts5(
        search_title, search_body, search_tags, facets,
        content='', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(rowid, search_title, search_body, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_body, new.search_tags, new.facets);
    END""",
    """CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(knowledge_fts, rowid, search_title, search_body, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_body, old.search_tags,
            old.facets);
    END""",
    """CREATE TRIGGER knowledge_fts_update AFTER UPDATE ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(knowledge_fts, rowid, search_title, search_body, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_body, old.search_tags,
            old.facets);
        INSERT INTO knowledge_fts(rowid, search_title, search_body, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_body, new.search_tags, new.facets);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_fts_insert",
    "DROP TABLE IF EXISTS knowledge_fts",
]
POSTGRES_CREATE = [
    """ALTER TABLE knowledge_articlesearch ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, search_title), 'A') ||
        setweight(to_tsvector('simple'::regconfig, search_tags), 'B') ||
        setweight(to_tsvector('simple'::regconfig, search_body), 'D')) STORED""",
    "CREATE INDEX knowledge_articlesearch_vector ON knowledge_articlesearch USING GIN (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS knowledge_articlesearch_vector",
    "ALTER TABLE knowledge_articlesearch DROP COLUMN IF EXISTS vector",
]


def rebuild_sqlite_index(cursor) -> None:
    """Refill the FTS5 table from the search rows (after a restore or a table rebuild)."""
    cursor.execute("INSERT INTO knowledge_fts(knowledge_fts) VALUES ('delete-all')")
    cursor.execute(
        "INSERT INTO knowledge_fts(rowid, search_title, search_body, search_tags, facets) "
        "SELECT article_id, search_title, search_body, search_tags, facets "
        "FROM knowledge_articlesearch"
    )
