"""Writers of the SLA configuration that governs cases: each save or delete is one transaction
with one audit event (the fields that changed, before and after) and replays the open cases it
affects, so their stored deadlines follow the new rules. The admin (``sla_admin.py``) writes
through these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.sla.models import BusinessCalendar, CalendarClosure, SlaPolicy, SlaSettings

from .deadlines import cases_recompute
from .models import Case

POLICY_FIELDS = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
POLICY_SCOPE = ("case_type_id", "tier")
CALENDAR_FIELDS = (
    "name",
    "time_zone",
    "hours",
    "holiday_country",
    "holiday_subdivision",
    "team_id",
    "site_id",
)
# The settings a case's stored deadlines depend on (``deadlines.apply_sla``): a change to any
# of them replays every open case. The others (seller escalation, the health bonus applied when
# a case opens) change no stored deadline.
SETTINGS_REPLAYED = (
    "warn_at_percent",
    "default_first_response_minutes",
    "default_next_response_minutes",
    "default_resolution_minutes",
    "premium_target_percent",
)
SETTINGS_FIELDS = (
    *SETTINGS_REPLAYED,
    "seller_escalation_after_hours",
    "high_health_score",
    "high_health_max_disputes",
    "high_health_target_percent",
)


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before[k] for k in keys if k in before}, {k: after[k] for k in keys}


# --- policies ---------------------------------------------------------------------------------


def _policy_values(policy: SlaPolicy) -> dict:
    return {f: getattr(policy, f) for f in (*POLICY_SCOPE, *POLICY_FIELDS)}


def _policy_cases(*scopes: dict) -> Q:
    q = Q(pk__in=[])
    for scope in scopes:
        q |= Q(case_type_id=scope["case_type_id"], tier=scope["tier"])
    return q


@transaction.atomic
def sla_policy_save(*, actor: User | None, policy: SlaPolicy, now: datetime | None = None) -> int:
    """Save a policy and replay the open cases it governs (before and after, should its case
    type or tier change); returns how many were recomputed."""
    now = now or timezone.now()
    before = {}
    if policy.pk:
        before = _policy_values(SlaPolicy.objects.select_for_update().get(pk=policy.pk))
    policy.save()
    after = _policy_values(policy)
    audit_record(actor=actor, action="sla_policy.saved", obj=policy, before=before, after=after)
    scopes = (before, after) if before else (after,)
    return cases_recompute(Case.objects.filter(_policy_cases(*scopes)), now=now)


@transaction.atomic
def sla_policy_delete(*, actor: User | None, policy: SlaPolicy, now: datetime | None = None) -> int:
    """Delete a policy (its cases fall back to the standard row or the desk defaults) and
    replay them; returns how many were recomputed."""
    now = now or timezone.now()
    before = _policy_values(policy)
    audit_record(actor=actor, action="sla_policy.deleted", obj=policy, before=before)
    policy.delete()
    return cases_recompute(Case.objects.filter(_policy_cases(before)), now=now)


# --- desk-wide settings -----------------------------------------------------------------------


@transaction.atomic
def sla_settings_save(
    *, actor: User | None, settings: SlaSettings, now: datetime | None = None
) -> int:
    """Save the desk-wide SLA numbers; when one that deadlines depend on changed, replay every
    open case. Returns how many were recomputed."""
    now = now or timezone.now()
    before = {}
    if settings.pk:
        old = SlaSettings.objects.select_for_update().get(pk=settings.pk)
        before = {f: getattr(old, f) for f in SETTINGS_FIELDS}
    settings.full_clean()
    settings.save()
    old, new = _changed(before, {f: getattr(settings, f) for f in SETTINGS_FIELDS})
    if not (old or new):
        return 0
    audit_record(actor=actor, action="sla_settings.saved", obj=settings, before=old, after=new)
    if not set(new) & set(SETTINGS_REPLAYED):
        return 0
    return cases_recompute(Case.objects.all(), now=now)


# --- business calendars -----------------------------------------------------------------------


def _closure_list(rows: Iterable[tuple[date, str]]) -> list[str]:
    return [f"{day.isoformat()} {reason}".strip() for day, reason in sorted(rows)]


def _calendar_values(calendar: BusinessCalendar) -> dict:
    values = {f: getattr(calendar, f) for f in CALENDAR_FIELDS}
    values["closures"] = _closure_list(calendar.closures.values_list("date", "reason"))
    return values


def _calendar_cases(*scopes: dict) -> Q:
    """The cases a calendar of each (team, site) scope may govern: a team-and-site calendar its
    team's cases on its site, a team calendar all its team's cases, a site calendar all cases
    on its site. Cases a more specific calendar governs are included (a replay leaves them as
    they were): a slightly larger set is safe, a smaller one would leave stale deadlines."""
    q = Q(pk__in=[])
    for scope in scopes:
        team_id, site_id = scope["team_id"], scope["site_id"]
        if team_id is None and site_id is None:
            continue
        narrow = {}
        if team_id is not None:
            narrow["team_id"] = team_id
        if site_id is not None:
            narrow["site_id"] = site_id
        q |= Q(**narrow)
    return q


def _closures_sync(calendar: BusinessCalendar, closures: Iterable[tuple[date, str]]) -> None:
    """Make the calendar's closures exactly ``closures`` ((day, reason) pairs, one per day)."""
    wanted = {day: (reason or "") for day, reason in closures}
    stored = {c.date: c for c in calendar.closures.all()}
    calendar.closures.filter(date__in=[d for d in stored if d not in wanted]).delete()
    for day, reason in wanted.items():
        row = stored.get(day)
        if row is None:
            CalendarClosure.objects.create(calendar=calendar, date=day, reason=reason)
        elif row.reason != reason:
            row.reason = reason
            row.save(update_fields=["reason"])


@transaction.atomic
def business_calendar_save(
    *,
    actor: User | None,
    calendar: BusinessCalendar,
    closures: Iterable[tuple[date, str]] | None = None,
    now: datetime | None = None,
) -> int:
    """Save a calendar and, when given, its closures ((day, reason) pairs: the full list),
    then replay the open cases it governs, before and after should its team or site change.
    One audit event with what changed (closures as "YYYY-MM-DD reason" lines). Returns how many
    cases were recomputed."""
    now = now or timezone.now()
    calendar.full_clean()
    before = {}
    if calendar.pk:
        before = _calendar_values(BusinessCalendar.objects.select_for_update().get(pk=calendar.pk))
    calendar.save()
    if closures is not None:
        _closures_sync(calendar, closures)
    after = _calendar_values(calendar)
    old, new = _changed(before, after)
    if before and not (old or new):
        return 0
    audit_record(actor=actor, action="business_calendar.saved", obj=calendar, before=old, after=new)
    scopes = (before, after) if before else (after,)
    return cases_recompute(Case.objects.filter(_calendar_cases(*scopes)), now=now)


@transaction.atomic
def business_calendar_delete(
    *, actor: User | None, calendar: BusinessCalendar, now: datetime | None = None
) -> int:
    """Delete a calendar (its cases fall back to a less specific calendar or 24×7) and replay
    them; returns how many were recomputed."""
    now = now or timezone.now()
    before = _calendar_values(calendar)
    audit_record(actor=actor, action="business_calendar.deleted", obj=calendar, before=before)
    calendar.delete()
    return cases_recompute(Case.objects.filter(_calendar_cases(before)), now=now)
