from django.core.management.base import BaseCommand
from django.db import connection, transaction

from sellerdesk.knowledge import search, services


class Command(BaseCommand):
    help = "Rebuild the Seller University search rows (and, on SQLite, the FTS5 table)."

    def handle(self, *args, **options):
        count = services.articles_reindex()
        if connection.vendor == "sqlite":
            with transaction.atomic(), connection.cursor() as cursor:
                search.rebuild_sqlite_index(cursor)
        self.stdout.write(f"reindexed {count} articles")
