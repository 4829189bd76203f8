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
from sellerdesk.sla.models import BusinessCalendar, SlaPolicy, SlaSettings
from sellerdesk.sla.targets import calendar_row_for, most_specific, targets_for, targets_from

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


class SharedReads:
    """What the deadlines of many cases share, each read once: the settings, every policy and
    every calendar (built per team and site). The SLA sweep and the replay of open cases after
    a configuration change use it; a single case's change reads only its own rows."""

    def __init__(self, now: datetime, settings: SlaSettings | None = None) -> None:
        self.now = now
        self.settings = settings or SlaSettings.current()
        self._policies: dict[int, dict[str, SlaPolicy]] | None = None
        self._targets: dict[tuple[int, str, int], engine.Targets] = {}
        self._calendar_rows: dict | None = None
        self._calendars: dict[tuple[int, int], Calendar | None] = {}

    def targets(self, case) -> engine.Targets:
        """``case``'s targets (its type, tier and percent)."""
        key = (case.case_type_id, case.tier, case.target_percent)
        if key not in self._targets:
            if self._policies is None:
                self._policies = {}
                for policy in SlaPolicy.objects.order_by():
                    self._policies.setdefault(policy.case_type_id, {})[policy.tier] = policy
            policies = self._policies.get(case.case_type_id, {})
            base = targets_from(policies, case.tier, self.settings)
            self._targets[key] = base.scaled(case.target_percent)
        return self._targets[key]

    def calendar(self, case) -> Calendar | None:
        """The calendar of ``case``'s team on its site (None: 24×7)."""
        key = (case.team_id, case.site_id)
        if key not in self._calendars:
            if self._calendar_rows is None:
                self._calendar_rows = {
                    (row.team_id, row.site_id): row for row in BusinessCalendar.objects.all()
                }
            row = most_specific(self._calendar_rows, *key)
            self._calendars[key] = calendar_for(row, year=self.now.year) if row else None
        return self._calendars[key]


def apply_sla(
    case: Case,
    now: datetime,
    *,
    settings: SlaSettings | None = None,
    shared: SharedReads | None = None,
    pauses: tuple | None = None,
) -> None:
    """Recompute the stored deadlines of ``case`` (not saved: the caller saves). ``shared``
    and ``pauses``: what a caller that recomputes many cases has read for all of them."""
    if shared is not None:
        settings, targets, calendar = shared.settings, shared.targets(case), shared.calendar(case)
    else:
        settings = settings or SlaSettings.current()
        targets = targets_for(case.case_type_id, case.tier, settings).scaled(case.target_percent)
        calendar = calendar_for_case(case, now)
    clocks = engine.compute_clocks(facts(case, pauses), targets, calendar, settings.warn_at_percent)
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


REPLAY_CHUNK = 500


def cases_recompute(queryset, *, now: datetime | None = None) -> int:
    """Replay the SLA of each open case in ``queryset`` from its history (a policy, calendar
    or settings change) and save the deadlines in bulk; returns how many were replayed. Per
    chunk of cases: one read of the cases, one of their pauses, one bulk write; policies and
    calendars are read once for the whole replay."""
    now = now or timezone.now()
    shared = SharedReads(now)
    pks = list(
        queryset.filter(status__in=Case.OPEN_STATUSES).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(pks), REPLAY_CHUNK):
        chunk = list(Case.objects.filter(pk__in=pks[start : start + REPLAY_CHUNK]))
        pauses: dict[int, list] = {case.pk: [] for case in chunk}
        for case_id, started, ended in CasePause.objects.filter(
            case_id__in=list(pauses)
        ).values_list("case_id", "started_at", "ended_at"):
            pauses[case_id].append((started, ended))
        for case in chunk:
            apply_sla(case, now, shared=shared, pauses=tuple(pauses[case.pk]))
        Case.objects.bulk_update(chunk, DEADLINE_FIELDS)
    return len(pks)
