"""The daily evaluation and the hourly weekly-digest sweep. Thin: one service call each."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import alerts, services


@db_periodic_task(crontab(hour="2", minute="30"))
@lock_task("health-evaluate")
def evaluate_daily():
    # Yesterday (UTC) is the last whole day of orders; the data plane's windows end on it.
    as_of = (timezone.now() - timedelta(days=1)).date()
    summary = services.health_evaluate(as_of=as_of)
    return {"as_of": as_of.isoformat(), "sellers": summary.sellers}


@db_periodic_task(crontab(minute="5"))
@lock_task("health-digest")
def send_weekly_digests():
    # Every hour: members whose local time is now Monday 09:xx get this week's digest once
    # (the dedupe key names their local week, so a rerun in the hour sends nothing twice).
    return alerts.digests_send()
