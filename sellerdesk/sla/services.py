"""Applying the SLA engine to cases: deadlines on every change, the sweep that warns and
escalates, and replaying open cases when a policy changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sellerdesk.accounts.models import TeamMembership, User
from sellerdesk.audit.services import audit_event, audit_record, audit_record_many
from sellerdesk.cases.models import Case, CasePause
from sellerdesk.notifications.services import NoticeBatch

from . import engine
from .calendars import calendar_for
from .clock import Calendar, add_running_time
from .models import BusinessCalendar, SlaPolicy, SlaSettings
from .priority import PriorityRule, earns_health_bonus, priority_label, target_percent

# A worker that claimed a case for the sweep and died releases it after this long.
SWEEP_LEASE = timedelta(minutes=5)
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


def clocks_for(case: Case, now: datetime | None = None) -> dict[str, engine.Clock]:
    """For display: each target's clock as it stands."""
    now = now or timezone.now()
    return _clocks(case, now, SlaSettings.current(), calendar_for_case(case, now))


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


# Cases claimed, locked and written together: one claim statement, one read, one transaction
# and a few bulk writes per chunk instead of a dozen statements per case.
SWEEP_CHUNK = 100
# What the sweep changes on a case (the rest of the row is left as read).
SWEEP_FIELDS = (
    "sla_warned",
    "sla_check_at",
    "first_response_breached_at",
    "next_response_breached_at",
    "resolution_breached_at",
    "escalated_at",
    "escalation_reason",
)


class _Sweep:
    """One sweep: what its cases share is read once (settings, policies, calendars, team
    leads, recipients' preferences), and its events are written per chunk in bulk."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.settings = SlaSettings.current()
        self._policies: dict[int, dict[str, SlaPolicy]] | None = None
        self._calendar_rows: dict | None = None
        self._calendars: dict[tuple[int, int], Calendar | None] = {}
        self._at_work: dict[tuple[int, int], datetime] = {}
        self._leads: dict[int, list[User]] = {}
        self.events: list = []
        self.notices = NoticeBatch(now=now)

    def targets(self, case: Case) -> engine.Targets:
        if self._policies is None:
            self._policies = {}
            for policy in SlaPolicy.objects.order_by():
                self._policies.setdefault(policy.case_type_id, {})[policy.tier] = policy
        policies = self._policies.get(case.case_type_id, {})
        return _targets_from(policies, case.tier, self.settings).scaled(case.target_percent)

    def calendar(self, case: Case) -> Calendar | None:
        key = (case.team_id, case.site_id)
        if key not in self._calendars:
            if self._calendar_rows is None:
                self._calendar_rows = {
                    (row.team_id, row.site_id): row for row in BusinessCalendar.objects.all()
                }
            row = _most_specific(self._calendar_rows, *key)
            self._calendars[key] = calendar_for(row, year=self.now.year) if row else None
        return self._calendars[key]

    def at_work(self, case: Case) -> datetime:
        """When warnings about ``case`` may go out: now, or its team's next working period."""
        key = (case.team_id, case.site_id)
        if key not in self._at_work:
            self._at_work[key] = _in_working_time(self.calendar(case), self.now)
        return self._at_work[key]

    def staff_to_tell(self, case: Case) -> list[User]:
        if case.team_id not in self._leads:
            self._leads[case.team_id] = _team_leads(case.team_id)
        return ([case.assignee] if case.assignee_id else []) + self._leads[case.team_id]

    def chunk(self, pks: list[int]) -> int:
        """Warn and breach what is due on claimed cases, in one transaction; returns how many
        events fired."""
        fired = 0
        with transaction.atomic():
            cases = list(
                Case.objects.select_for_update(of=("self",))
                .select_related("assignee", "seller", "case_type")
                .filter(pk__in=pks)
                .order_by("pk")
            )
            closed = [case.pk for case in cases if not case.is_open]
            if closed:
                Case.objects.filter(pk__in=closed).update(sla_check_at=None)
            cases = [case for case in cases if case.is_open]
            pauses: dict[int, list] = {case.pk: [] for case in cases}
            for case_id, started, ended in CasePause.objects.filter(
                case_id__in=list(pauses)
            ).values_list("case_id", "started_at", "ended_at"):
                pauses[case_id].append((started, ended))
            for case in cases:
                fired += self.case(case, tuple(pauses[case.pk]))
            audit_record_many(self.events)
            self.events = []
            self.notices.flush()
            _write_back(cases)
        return fired

    def case(self, case: Case, pauses: tuple) -> int:
        now, fired = self.now, 0
        calendar = self.calendar(case)
        facts = _facts(case, pauses)
        clocks = engine.compute_clocks(
            facts, self.targets(case), calendar, self.settings.warn_at_percent
        )
        warned = list(case.sla_warned)
        deferred: list[datetime] = []
        deferred_keys: set[str] = set()
        for target, clock in clocks.items():
            if not engine.running(clock):
                continue
            key = _warn_key(target, clock)
            if key not in warned and clock.warn_at <= now < clock.due_at:
                at_work = self.at_work(case)
                if at_work > now:
                    deferred.append(min(at_work, clock.due_at))
                    deferred_keys.add(key)
                else:
                    warned.append(key)
                    self.warn(case, target, clock)
                    fired += 1
            if getattr(case, f"{target}_breached_at") is None and clock.due_at <= now:
                if key not in warned:
                    warned.append(key)  # a breach supersedes its warning
                self.breach(case, target, clock)
                fired += 1
        case.sla_warned = warned
        # A deferred warning's own warn_at has passed: counting it would leave the case due
        # and swept again every minute until working hours.
        next_check = _next_check(case, clocks, frozenset(deferred_keys))
        case.sla_check_at = engine.soonest([next_check, *deferred])
        return fired

    def warn(self, case: Case, target: str, clock: engine.Clock) -> None:
        self.events.append(
            audit_event(
                actor=None,
                rule=f"sla_warning:{target}",
                action="case.sla_warning",
                obj=case,
                case=case,
                after={"target": target, "due_at": clock.due_at},
                internal=True,
                at=self.now,
            )
        )
        self.notices.add(
            recipients=self.staff_to_tell(case),
            kind="sla.warning",
            context={"case": case, "target": target, "due_at": clock.due_at},
            link=f"/console/cases/{case.number}",
            dedupe_key=f"sla.warning:{case.pk}:{_warn_key(target, clock)}",
        )

    def breach(self, case: Case, target: str, clock: engine.Clock) -> None:
        setattr(case, f"{target}_breached_at", clock.due_at)
        before = {"escalated_at": case.escalated_at}
        if case.escalated_at is None:
            case.escalated_at, case.escalation_reason = self.now, "sla_breach"
        self.events.append(
            audit_event(
                actor=None,
                rule=f"sla_breach:{target}",
                action="case.sla_breached",
                obj=case,
                case=case,
                before=before,
                after={
                    "target": target,
                    "breached_at": clock.due_at,
                    "escalated_at": case.escalated_at,
                },
                internal=True,
                at=self.now,
            )
        )
        self.notices.add(
            recipients=self.staff_to_tell(case),
            kind="sla.breach",
            context={"case": case, "target": target, "due_at": clock.due_at},
            link=f"/console/cases/{case.number}",
            dedupe_key=f"sla.breach:{case.pk}:{_warn_key(target, clock)}",
        )


def _write_back(cases: list[Case]) -> None:
    """Save what the sweep changed on each case: one UPDATE per case sent as one batch
    (``executemany``; psycopg pipelines it). ``bulk_update`` built a CASE expression per field
    and row and cost more than the rest of the sweep together."""
    if not cases:
        return
    fields = [Case._meta.get_field(name) for name in SWEEP_FIELDS]
    pk = Case._meta.pk
    ops = connection.ops
    assignments = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
    table = ops.quote_name(Case._meta.db_table)
    # Only quoted identifiers from the model are formatted in; values are parameters.
    sql = f"UPDATE {table} SET {assignments} WHERE {ops.quote_name(pk.column)} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(case, f.attname), connection) for f in fields] + [case.pk]
        for case in cases
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _update_returning() -> bool:
    """UPDATE … RETURNING: PostgreSQL, and SQLite from 3.35 (Django 5.2 accepts 3.31)."""
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 35)
    return connection.vendor == "postgresql"


def _claim(due: list[tuple[int, datetime]], now: datetime) -> list[int]:
    """Claim each case whose ``sla_check_at`` is still what we read, by moving it to the end
    of a lease (a worker that dies releases its cases when the lease ends). One conditional
    UPDATE … RETURNING for the chunk: each row is claimed or not on its own condition, as with
    one statement per case, so two workers never claim the same case. Committed at once."""
    if not _update_returning():
        return [
            pk
            for pk, check_at in due
            if Case.objects.filter(pk=pk, sla_check_at=check_at).update(
                sla_check_at=now + SWEEP_LEASE
            )
        ]
    ops, table = connection.ops, connection.ops.quote_name(Case._meta.db_table)
    pk_col, at_col = (
        ops.quote_name(Case._meta.get_field(f).column) for f in ("id", "sla_check_at")
    )
    condition = " OR ".join([f"({pk_col} = %s AND {at_col} = %s)"] * len(due))
    params: list = [ops.adapt_datetimefield_value(now + SWEEP_LEASE)]
    for pk, check_at in due:
        params += [pk, ops.adapt_datetimefield_value(check_at)]
    with connection.cursor() as cursor:
        # Only quoted identifiers from the model are formatted in; values are parameters.
        sql = f"UPDATE {table} SET {at_col} = %s WHERE {condition} RETURNING {pk_col}"  # noqa: S608
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def sla_sweep(*, now: datetime | None = None, batch: int = 1000) -> int:
    """Warn and escalate what is due. Reads only cases whose stored ``sla_check_at`` has come
    (an index range), and claims each with a conditional update, so two workers sweeping at
    once act on each case once. Returns the number of warnings and breaches fired."""
    now = now or timezone.now()
    sweep = _Sweep(now)
    due = list(
        Case.objects.filter(sla_check_at__lte=now)
        .order_by("sla_check_at")
        .values_list("pk", "sla_check_at")[:batch]
    )
    fired = 0
    for start in range(0, len(due), SWEEP_CHUNK):
        claimed = _claim(due[start : start + SWEEP_CHUNK], now)
        if claimed:
            fired += sweep.chunk(claimed)
    return fired


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
