from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:
    # The rate limits count in the database cache (config/settings.py CACHES); `migrate` (which
    # `sellerdesk serve`, `sellerdesk demo` and the test database run) creates its table, so no
    # installation has to remember `createcachetable`. It does nothing when the table exists
    # or the cache is not a database cache.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "sellerdesk.web"

    def ready(self) -> None:
        # Every app with models sends post_migrate; createcachetable is idempotent (it skips a
        # table that exists), so the first signal of a run creates it and the rest look.
        post_migrate.connect(_create_cache_table, dispatch_uid="sellerdesk.web.cache_table")
