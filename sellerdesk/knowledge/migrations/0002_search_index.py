"""The full-text index over ArticleSearch, in each database's own engine.

SQLite: a contentless FTS5 table kept in step by triggers on knowledge_articlesearch.
PostgreSQL: a generated tsvector column (title A, tags B, body D) with a GIN index.
Both read the same pre-segmented, pre-stemmed text, so they find the same articles.
The SQL is frozen here; 0004 replaces the triggers to feed the title index too.
"""

from django.db import migrations

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



def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
