"""The worker keeps the reports' rollups current: a refresh every minute (cheap: only what
changed) and a rebuild every night at ``REPORTS_REBUILD_HOUR`` (which also drops the facts of
deleted cases and any change made without an audit event, such as an SLA configuration
replay). The rebuild takes minutes at a million cases, and on SQLite holds the database's
write lock while it runs: pick a quiet hour, or -1 for none (then run
``sellerdesk manage reports_rebuild`` when it suits)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .rollup import rollup_rebuild, rollup_refresh


@db_periodic_task(crontab(minute="*"))
@lock_task("reports-rollup")
def reports_refresh():
    rollup_refresh()


REBUILD_HOUR = int(settings.SELLERDESK["REPORTS_REBUILD_HOUR"])

if REBUILD_HOUR >= 0:

    @db_periodic_task(crontab(hour=str(REBUILD_HOUR), minute="40"))
    @lock_task("reports-rollup")
    def reports_rebuild():
        rollup_rebuild()
