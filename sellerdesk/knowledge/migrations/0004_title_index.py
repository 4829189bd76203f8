"""A second, small index over titles and tags only, for the first ranking tier (articles whose
title or tags match). A column filter on the main index would still walk every body match;
this index holds only title and tag words, so ranking it stays cheap for common words.

SQLite: the FTS5 table knowledge_fts_titles, fed by the same triggers (recreated here).
PostgreSQL: a generated tsvector column title_vector (title A, tags B) with its GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE knowledge_fts_titles USING fts5(
        search_title, search_tags, facets,
        content='', tokenize='unicode61 remove_diacritics 2')""",
    "DROP TRIGGER IF EXISTS knowledge_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_fts_update",
    """CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(rowid, search_title, search_body, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_body, new.search_tags, new.facets);
        INSERT INTO knowledge_fts_titles(rowid, search_title, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_tags, new.facets);
    END""",
    """CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(knowledge_fts, rowid, search_title, search_body, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_body, old.search_tags,
            old.facets);
        INSERT INTO knowledge_fts_titles(knowledge_fts_titles, rowid, search_title, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_tags, old.facets);
    END""",
    """CREATE TRIGGER knowledge_fts_update AFTER UPDATE ON knowledge_articlesearch BEGIN
        INSERT INTO knowledge_fts(knowledge_fts, rowid, search_title, search_body, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_body, old.search_tags,
            old.facets);
        INSERT INTO knowledge_fts(rowid, search_title, search_body, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_body, new.search_tags, new.facets);
        INSERT INTO knowledge_fts_titles(knowledge_fts_titles, rowid, search_title, search_tags,
            facets)
        VALUES ('delete', old.article_id, old.search_title, old.search_tags, old.facets);
        INSERT INTO knowledge_fts_titles(rowid, search_title, search_tags, facets)
        VALUES (new.article_id, new.search_title, new.search_tags, new.facets);
    END""",
    """INSERT INTO knowledge_fts_titles(rowid, search_title, search_tags, facets)
        SELECT article_id, search_title, search_tags, facets FROM knowledge_articlesearch""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_fts_update",
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
    "DROP TABLE IF EXISTS knowledge_fts_titles",
]
POSTGRES_FORWARD = [
    """ALTER TABLE knowledge_articlesearch ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, search_title), 'A') ||
        setweight(to_tsvector('simple'::regconfig, search_tags), 'B')) STORED""",
    "CREATE INDEX knowledge_articlesearch_title_vector ON knowledge_articlesearch "
    "USING GIN (title_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_articlesearch_title_vector",
    "ALTER TABLE knowledge_articlesearch DROP COLUMN IF EXISTS title_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_default_categories")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
