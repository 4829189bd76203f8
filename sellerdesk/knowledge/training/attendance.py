"""After registration: staff mark attendance, and the worker reminds participants the day
before (idempotent: each registration is claimed with a conditional update, and the notice
carries a dedupe key)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict
from sellerdesk.notifications.services import notify

from .models import Registration, TrainingEvent
from .services import _link, _require_staff

REMINDER_RULE = "training.reminder"


@transaction.atomic
def attendance_mark(
    *, actor: User, registration: Registration, attended: bool, now: datetime | None = None
) -> Registration:
    """Staff record whether a confirmed participant came, from the start of the event on."""
    _require_staff(actor)
    now = now or timezone.now()
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if registration.status != Registration.Status.CONFIRMED:
        raise Conflict("Only confirmed registrations have attendance.")
    if registration.event.starts_at > now:
        raise Conflict("Attendance is recorded once the event has started.")
    before = {"attended": registration.attended}
    registration.attended = attended
    registration.attendance_marked_at = now
    registration.save(update_fields=["attended", "attendance_marked_at"])
    audit_record(
        actor=actor,
        action="training.attendance",
        obj=registration,
        before=before,
        after={"attended": attended},
        at=now,
    )
    return registration


def reminders_send_due(*, now: datetime | None = None, batch: int = 500) -> int:
    """Remind confirmed participants of events starting within the reminder window (the day
    before, by default). Each registration is claimed with a conditional update and the
    notice carries a dedupe key, so overlapping runs remind each person once."""
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.SELLERDESK["TRAINING_REMINDER_HOURS"])
    due = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=TrainingEvent.Status.SCHEDULED,
            event__starts_at__gt=now,
            event__starts_at__lte=horizon,
        ).values_list("pk", flat=True)[:batch]
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed != 1:
                continue
            registration = Registration.objects.select_related("event", "user").get(pk=pk)
            notify(
                recipients=[registration.user],
                kind="training.reminder",
                context={"event": registration.event, "registration": registration},
                link=_link(registration.event),
                dedupe_key=f"training.reminder:{pk}",
                now=now,
            )
            audit_record(
                actor=None,
                action="training.reminded",
                obj=registration,
                after={"reminder_sent_at": now},
                rule=REMINDER_RULE,
                at=now,
            )
            sent += 1
    return sent
