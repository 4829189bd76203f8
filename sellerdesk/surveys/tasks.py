"""Periodic jobs. Thin: each calls one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*"))
@lock_task("survey-invitations")
def send_survey_invitations():
    # The lock only saves work within one queue; across workers the invitation row's unique
    # constraint is the claim (one invitation per resolution).
    return services.survey_invitations_send()
