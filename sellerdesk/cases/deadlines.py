"""Applying the SLA engine to cases: the stored deadlines on every change, the pause history
that follows the status, and the replay of open cases when their configuration changes. The
policy (targets, calendars, the clocks) is the ``sla`` app's; the sweep that warns and
escalates is ``sweep.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from sellerdesk.accounts.models import TeamMembership, User
from sellerdesk.sla import engine
from sellerdesk.sla.calendars import calendar_for
from sellerdesk.sla.clock import Calendar, add_running_time
from sellerdesk.sla.models import SlaSettings
from sellerdesk.sla.targets import calendar_row_for, targets_for

from .lifecycle import Status
from .models import Case, CasePause

# The statuses in which a case's clocks are paused, and the pause's reason.
PAUSING_STATUSES = {
    Status.AWAITING_SELLER: CasePause.Reason.AWAITING_SELLER,
    Status.RESOLVED: CasePause.Reason.RESOLVED,
    Status.CLOSED: CasePause.Reason.RESOLVED,
}
# The columns ``apply_sla`` sets: what a replay saves.
DEADLINE_FIELDS = (
    "first_response_due_at",
    "next_response_due_at",
    "resolution_due_at",
    "due_at",
    "sla_check_at",
)


def calendar_for_case(case: Case, now: datetime) -> Calendar | None:
    row = calendar_row_for(case.team_id, case.site_id)
    return calendar_for(row, year=now.year) if row else None


def pause_sync(case: Case, old_status: str, new_status: str, now: datetime) -> None:
    """Open or close the pause history as the case moves in or out of a pausing status."""
    old_reason, new_reason = PAUSING_STATUSES.get(old_status), PAUSING_STATUSES.get(new_status)
    if old_reason == new_reason:
        return
    if old_reason:
        CasePause.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    if new_reason:
        CasePause.objects.create(case=case, reason=new_reason, started_at=now)


def facts(case, pauses: tuple | None = None) -> engine.Facts:
    """The engine's facts of ``case`` (a Case, or anything with its attributes, such as the
    sweep's DueCase); ``pauses`` as read, else read from the case's history."""
    if pauses is None:
        pauses = tuple(case.pauses.values_list("started_at", "ended_at")) if case.pk else ()
    return engine.Facts(
        created_at=case.created_at,
        closed=case.status in Case.CLOSED_STATUSES,
        first_response_at=case.first_response_at,
        next_response_started_at=case.next_response_started_at,
        resolved_at=case.resolved_at,
        pauses=pauses,
    )


def breaches(case) -> dict[str, datetime | None]:
    """Each target's recorded breach on ``case`` (None: not breached)."""
    return {target: getattr(case, f"{target}_breached_at") for target in engine.TARGETS}


def apply_sla(case: Case, now: datetime, *, settings: SlaSettings | None = None) -> None:
    """Recompute the stored deadlines of ``case`` (not saved: the caller saves)."""
    settings = settings or SlaSettings.current()
    targets = targets_for(case.case_type_id, case.tier, settings).scaled(case.target_percent)
    clocks = engine.compute_clocks(
        facts(case), targets, calendar_for_case(case, now), settings.warn_at_percent
    )
    case.first_response_due_at = clocks["first_response"].due_at
    case.next_response_due_at = clocks["next_response"].due_at
    case.resolution_due_at = clocks["resolution"].due_at
    case.due_at = engine.soonest(clock.due_at for clock in clocks.values() if engine.running(clock))
    case.sla_check_at = engine.next_check(clocks, case.sla_warned, breaches(case))


def staff_to_tell(case: Case) -> list[User]:
    return ([case.assignee] if case.assignee_id else []) + team_leads(case.team_id)


def team_leads(team_id: int) -> list[User]:
    return list(
        User.objects.filter(
            team_memberships__team_id=team_id,
            team_memberships__role=TeamMembership.Role.LEAD,
            is_active=True,
        )
    )


def in_working_time(calendar: Calendar | None, now: datetime) -> datetime:
    """Now, or the start of the team's next working period when a calendar applies: warnings
    are for people at work, not at midnight."""
    if calendar is None:
        return now
    return add_running_time(now, timedelta(0), calendar) or now


def cases_recompute(queryset, *, now: datetime | None = None) -> int:
    """Replay the SLA of each open case in ``queryset`` from its history (a policy, calendar
    or settings change) and save the deadlines in bulk; returns how many were replayed."""
    now = now or timezone.now()
    settings = SlaSettings.current()
    count, batch = 0, []
    for case in queryset.filter(status__in=Case.OPEN_STATUSES).iterator(chunk_size=500):
        apply_sla(case, now, settings=settings)
        batch.append(case)
        if len(batch) == 500:
            Case.objects.bulk_update(batch, DEADLINE_FIELDS)
            count, batch = count + len(batch), []
    if batch:
        Case.objects.bulk_update(batch, DEADLINE_FIELDS)
        count += len(batch)
    return count
