"""Periodic jobs. Thin: each calls one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .training import attendance


@db_periodic_task(crontab(minute="*/15"))
def remind_training_participants():
    """The day-before reminders; idempotent (claimed rows and a dedupe key per person)."""
    return attendance.reminders_send_due()
