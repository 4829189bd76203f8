"""Periodic jobs. Thin: each calls one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import autoclose, sweep


@db_periodic_task(crontab(minute="*/15"))
def close_quiet_resolved_cases():
    return autoclose.cases_close_quiet()


@db_periodic_task(crontab(minute="*"))
@lock_task("sla-sweep")
def sweep_sla():
    # The lock only saves work within one queue; correctness across workers comes from the
    # conditional-update claims inside the sweep.
    return sweep.sla_sweep_backlog()
