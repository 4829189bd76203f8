"""Applying the SLA engine to cases: deadlines on every change and replaying open cases when a
policy changes. The sweep that warns and escalates is ``sweep.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sellerdesk.accounts.models import TeamMembership, User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.models import Case, CasePause

from . import engine
from .calendars import calendar_for
from .clock import Calendar, add_running_time
from .models import BusinessCalendar, SlaPolicy, SlaSettings
from .priority import PriorityRule, earns_health_bonus, priority_label, target_percent

PAUSING_STATUSES = {
    "awaiting_seller": "awaiting_seller",
    "resolved": "resolved",
    "closed": "resolved",
}


def targets_for(case_type_id: int, tier: str, settings: SlaSettings) -> engine.Targets:
    policies = {p.tier: p for p in SlaPolicy.objects.filter(case_type_id=case_type_id)}
    return _targets_from(policies, tier, settings)


def _targets_from(
    policies: dict[str, SlaPolicy], tier: str, settings: SlaSettings
) -> engine.Targets:
    """The targets for ``tier`` from the case type's policy rows (by tier)."""
    policy = policies.get(tier)
    if policy is not None:
        return engine.Targets(
            timedelta(minutes=policy.first_response_minutes),
            timedelta(minutes=policy.next_response_minutes),
            timedelta(minutes=policy.resolution_minutes),
        )
    standard = policies.get("standard")
    base = (
        engine.Targets(
            timedelta(minutes=standard.first_response_minutes),
            timedelta(minutes=standard.next_response_minutes),
            timedelta(minutes=standard.resolution_minutes),
        )
        if standard
        else engine.Targets(
            timedelta(minutes=settings.default_first_response_minutes),
            timedelta(minutes=settings.default_next_response_minutes),
            timedelta(minutes=settings.default_resolution_minutes),
        )
    )
    return base.scaled(settings.premium_target_percent) if tier == "premium" else base


def calendar_row_for(team_id: int, site_id: int) -> BusinessCalendar | None:
    """The most specific calendar: team on site, then team, then site; None is 24×7."""
    rows = {
        (row.team_id, row.site_id): row
        for row in BusinessCalendar.objects.filter(
            Q(team_id=team_id, site_id=site_id)
            | Q(team_id=team_id, site__isnull=True)
            | Q(team__isnull=True, site_id=site_id)
        )
    }
    return _most_specific(rows, team_id, site_id)


def _most_specific(rows: dict, team_id: int, site_id: int) -> BusinessCalendar | None:
    for key in ((team_id, site_id), (team_id, None), (None, site_id)):
        if key in rows:
            return rows[key]
    return None


def calendar_for_case(case: Case, now: datetime) -> Calendar | None:
    row = calendar_row_for(case.team_id, case.site_id)
    return calendar_for(row, year=now.year) if row else None


def priority_for(*, tier: str, health_score: int | None, recent_disputes: int | None, settings):
    rule = PriorityRule(
        settings.high_health_score,
        settings.high_health_max_disputes,
        settings.high_health_target_percent,
    )
    bonus = earns_health_bonus(rule, health_score, recent_disputes)
    return priority_label(tier, bonus), target_percent(rule, health_score, recent_disputes)


def pause_sync(case: Case, old_status: str, new_status: str, now: datetime) -> None:
    """Open or close the pause history as the case moves in or out of a pausing status."""
    old_reason, new_reason = PAUSING_STATUSES.get(old_status), PAUSING_STATUSES.get(new_status)
    if old_reason == new_reason:
        return
    if old_reason:
        CasePause.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    if new_reason:
        CasePause.objects.create(case=case, reason=new_reason, started_at=now)


def _facts(case: Case, pauses: tuple | None = None) -> engine.Facts:
    if pauses is None:
        pauses = tuple(case.pauses.values_list("started_at", "ended_at")) if case.pk else ()
    return engine.Facts(
        created_at=case.created_at,
        status=case.status,
        first_response_at=case.first_response_at,
        next_response_started_at=case.next_response_started_at,
        resolved_at=case.resolved_at,
        pauses=pauses,
    )


def _clocks(case: Case, now: datetime, settings: SlaSettings, calendar) -> dict[str, engine.Clock]:
    targets = targets_for(case.case_type_id, case.tier, settings).scaled(case.target_percent)
    return engine.compute_clocks(_facts(case), targets, calendar, settings.warn_at_percent)


def _warn_key(target: str, clock: engine.Clock) -> str:
    # A next-response clock restarts on every seller reply; each run warns once.
    if target == "next_response":
        return f"next_response@{clock.started_at.isoformat()}"
    return target


def _next_check(
    case: Case, clocks: dict[str, engine.Clock], deferred: frozenset[str] = frozenset()
) -> datetime | None:
    """The next warning or breach moment; warnings in ``deferred`` (held back until working
    hours) count at the moment the sweep deferred them to, not at their past warn_at."""
    moments = []
    for target, clock in clocks.items():
        if not engine.running(clock):
            continue
        key = _warn_key(target, clock)
        if key not in case.sla_warned and key not in deferred:
            moments.append(clock.warn_at)
        if getattr(case, f"{target}_breached_at") is None:
            moments.append(clock.due_at)
    return engine.soonest(moments)


def apply_sla(case: Case, now: datetime, *, settings: SlaSettings | None = None) -> None:
    """Recompute the stored deadlines of ``case`` (not saved: the caller saves)."""
    settings = settings or SlaSettings.current()
    clocks = _clocks(case, now, settings, calendar_for_case(case, now))
    case.first_response_due_at = clocks["first_response"].due_at
    case.next_response_due_at = clocks["next_response"].due_at
    case.resolution_due_at = clocks["resolution"].due_at
    case.due_at = engine.soonest(clock.due_at for clock in clocks.values() if engine.running(clock))
    case.sla_check_at = _next_check(case, clocks)


def staff_to_tell(case: Case) -> list[User]:
    return ([case.assignee] if case.assignee_id else []) + _team_leads(case.team_id)


def _team_leads(team_id: int) -> list[User]:
    return list(
        User.objects.filter(
            team_memberships__team_id=team_id,
            team_memberships__role=TeamMembership.Role.LEAD,
            is_active=True,
        )
    )


def _in_working_time(calendar: Calendar | None, now: datetime) -> datetime:
    """Now, or the start of the team's next working period when a calendar applies: warnings
    are for people at work, not at midnight."""
    if calendar is None:
        return now
    return add_running_time(now, timedelta(0), calendar) or now


@transaction.atomic
def sla_policy_save(*, actor: User | None, policy: SlaPolicy, now: datetime | None = None) -> int:
    """Save a policy and replay the open cases it governs; returns how many were recomputed."""
    now = now or timezone.now()
    before = {}
    if policy.pk:
        old = SlaPolicy.objects.get(pk=policy.pk)
        before = {
            f: getattr(old, f)
            for f in ("first_response_minutes", "next_response_minutes", "resolution_minutes")
        }
    policy.save()
    after = {
        f: getattr(policy, f)
        for f in ("first_response_minutes", "next_response_minutes", "resolution_minutes")
    }
    audit_record(actor=actor, action="sla_policy.saved", obj=policy, before=before, after=after)
    return cases_recompute(
        Case.objects.filter(
            case_type_id=policy.case_type_id,
            tier=policy.tier,
            status__in=Case.OPEN_STATUSES,
        ),
        now=now,
    )


def cases_recompute(queryset, *, now: datetime | None = None) -> int:
    """Replay the SLA of each case in ``queryset`` from its history (policy or calendar change)."""
    now = now or timezone.now()
    settings = SlaSettings.current()
    count = 0
    for case in queryset.iterator(chunk_size=500):
        apply_sla(case, now, settings=settings)
        case.save(
            update_fields=[
                "first_response_due_at",
                "next_response_due_at",
                "resolution_due_at",
                "due_at",
                "sla_check_at",
            ]
        )
        count += 1
    return count
