"""Thin worker wrappers around the outbox."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def deliver_notifications():
    return services.notifications_deliver_due()


@db_periodic_task(crontab(minute="*"))
def deliver_notifications_periodically():
    return services.notifications_deliver_due()
