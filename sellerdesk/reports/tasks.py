"""The worker keeps the reports' rollups current: a refresh every minute (cheap: only what
changed) and a rebuild every night (which also drops the facts of deleted cases and any
change made without an audit event, such as an SLA configuration replay)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .rollup import rollup_rebuild, rollup_refresh


@db_periodic_task(crontab(minute="*"))
@lock_task("reports-rollup")
def reports_refresh():
    rollup_refresh()


@db_periodic_task(crontab(hour="3", minute="40"))
@lock_task("reports-rollup")
def reports_rebuild():
    rollup_rebuild()
