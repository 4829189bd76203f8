"""The full-text index over ArticleSearch, in each database's own engine.

SQLite: a contentless FTS5 table kept in step by triggers on knowledge_articlesearch.
PostgreSQL: a generated tsvector column (title A, tags B, body D) with a GIN index.
Both read the same pre-segmented, pre-stemmed text, so they find the same articles.
"""

from django.db import migrations

from sellerdesk.knowledge import search


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": search.SQLITE_CREATE, "postgresql": search.POSTGRES_CREATE}),
            _run({"sqlite": search.SQLITE_DROP, "postgresql": search.POSTGRES_DROP}),
        )
    ]
