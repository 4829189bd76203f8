"""Periodic jobs. Thin: each calls one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
def close_quiet_resolved_cases():
    return services.cases_close_quiet()
