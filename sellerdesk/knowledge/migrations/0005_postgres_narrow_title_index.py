"""PostgreSQL: the title tier gets its own narrow table.

A GIN index cannot hand back article ids: every match is fetched from the heap. In
knowledge_articlesearch a row carries the segmented body and its tsvector (a few KB), so a
common title word meant one page read per match. knowledge_titlesearch holds only the id, the
filters and the title-and-tags tsvector (~100 bytes a row), kept by triggers on
knowledge_articlesearch, including one for TRUNCATE (a test flush). SQLite is unchanged: its
title index is already a table of its own (0004).
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS knowledge_articlesearch_title_vector",
    "ALTER TABLE knowledge_articlesearch DROP COLUMN IF EXISTS title_vector",
    """CREATE TABLE knowledge_titlesearch (
        article_id bigint PRIMARY KEY,
        language varchar(10) NOT NULL,
        category_id bigint NOT NULL,
        title_vector tsvector NOT NULL)""",
    "CREATE INDEX knowledge_titlesearch_vector ON knowledge_titlesearch USING GIN (title_vector)",
    """CREATE FUNCTION knowledge_titlesearch_sync() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM knowledge_titlesearch WHERE article_id = OLD.article_id;
            RETURN OLD;
        END IF;
        INSERT INTO knowledge_titlesearch (article_id, language, category_id, title_vector)
        VALUES (NEW.article_id, NEW.language, NEW.category_id,
                setweight(to_tsvector('simple'::regconfig, NEW.search_title), 'A') ||
                setweight(to_tsvector('simple'::regconfig, NEW.search_tags), 'B'))
        ON CONFLICT (article_id) DO UPDATE SET
            language = EXCLUDED.language,
            category_id = EXCLUDED.category_id,
            title_vector = EXCLUDED.title_vector;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION knowledge_titlesearch_truncate() RETURNS trigger AS $$
    BEGIN
        TRUNCATE knowledge_titlesearch;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER knowledge_titlesearch_sync
        AFTER INSERT OR UPDATE OR DELETE ON knowledge_articlesearch
        FOR EACH ROW EXECUTE FUNCTION knowledge_titlesearch_sync()""",
    """CREATE TRIGGER knowledge_titlesearch_truncate
        AFTER TRUNCATE ON knowledge_articlesearch
        FOR EACH STATEMENT EXECUTE FUNCTION knowledge_titlesearch_truncate()""",
    """INSERT INTO knowledge_titlesearch (article_id, language, category_id, title_vector)
        SELECT article_id, language, category_id,
               setweight(to_tsvector('simple'::regconfig, search_title), 'A') ||
               setweight(to_tsvector('simple'::regconfig, search_tags), 'B')
        FROM knowledge_articlesearch""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_titlesearch_truncate ON knowledge_articlesearch",
    "DROP TRIGGER IF EXISTS knowledge_titlesearch_sync ON knowledge_articlesearch",
    "DROP FUNCTION IF EXISTS knowledge_titlesearch_truncate()",
    "DROP FUNCTION IF EXISTS knowledge_titlesearch_sync()",
    "DROP TABLE IF EXISTS knowledge_titlesearch",
    """ALTER TABLE knowledge_articlesearch ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, search_title), 'A') ||
        setweight(to_tsvector('simple'::regconfig, search_tags), 'B')) STORED""",
    "CREATE INDEX knowledge_articlesearch_title_vector ON knowledge_articlesearch "
    "USING GIN (title_vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_title_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
