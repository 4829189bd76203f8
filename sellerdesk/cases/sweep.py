"""The SLA sweep: warn and escalate what is due, once, however many workers run it.

Per sweep, what its cases share is read once (settings, policies, calendars, case types,
sellers, team leads, recipients' preferences). Per chunk of due cases, one transaction reads
them as plain values (no model instances), computes with the pure engine, writes the changed
columns with one conditional update (only where ``sla_check_at`` and ``updated_at`` are still
as read: that update is the claim), and then the audit events and notices (kind and frozen
context, rendered when delivered or shown: ADR 0007) of the cases it updated, each in one
statement. See docs/sla.md, docs/adr/0008-sweep-claims-by-its-write.md, docs/performance.md.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, fields
from datetime import datetime

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import AuditRows
from sellerdesk.lib.bulk import update_rows
from sellerdesk.notifications.services import NoticeBatch
from sellerdesk.sla import engine
from sellerdesk.sla.clock import Calendar

from .deadlines import SharedReads, breaches, facts, in_working_time, team_leads
from .models import Case, CasePause, CaseType

log = logging.getLogger(__name__)


def _conf(name: str) -> int:
    return django_settings.SELLERDESK[name]


@dataclass(slots=True)
class DueCase:
    """What the sweep reads of a due case (``DUE_COLUMNS``, in order) and changes on it."""

    pk: int
    number: int
    subject: str
    status: str
    created_at: datetime
    first_response_at: datetime | None
    next_response_started_at: datetime | None
    resolved_at: datetime | None
    case_type_id: int
    tier: str
    target_percent: int
    team_id: int
    site_id: int
    seller_id: int
    assignee_id: int | None
    sla_warned: list
    first_response_breached_at: datetime | None
    next_response_breached_at: datetime | None
    resolution_breached_at: datetime | None
    escalated_at: datetime | None
    escalation_reason: str
    sla_check_at: datetime | None  # as read; then as the sweep sets it
    updated_at: datetime
    read_check_at: datetime | None = None  # as read: the conditional write's expectation


# What the sweep reads of a due case: the DueCase's fields, in order (less what it keeps
# of its own).
DUE_COLUMNS = tuple(f.name for f in fields(DueCase) if f.name != "read_check_at")
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
# The conditional write's expectation: these as read (``read_check_at`` is the check as read).
EXPECTED = ("sla_check_at", "updated_at")
OPEN_STATUSES = frozenset(Case.OPEN_STATUSES)


class _Sweep:
    """One sweep at ``now``: shared reads cached, events written per chunk in bulk."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.shared = SharedReads(now)  # settings, policies, calendars: read once
        self.settings = self.shared.settings
        self._at_work: dict[tuple[int, int], datetime] = {}
        self._leads: dict[int, list[User]] = {}
        self._users: dict[int, User | None] = {}
        self._sellers: dict[int, dict] = {}
        self._case_types: dict[int, dict] | None = None
        self.events = AuditRows(at=now)
        self.notices = NoticeBatch(now=now)

    # --- what cases share -------------------------------------------------------------------

    def targets(self, case: DueCase) -> engine.Targets:
        return self.shared.targets(case)

    def calendar(self, case: DueCase) -> Calendar | None:
        return self.shared.calendar(case)

    def at_work(self, case: DueCase) -> datetime:
        """When warnings about ``case`` may go out: now, or its team's next working period."""
        key = (case.team_id, case.site_id)
        if key not in self._at_work:
            self._at_work[key] = in_working_time(self.calendar(case), self.now)
        return self._at_work[key]

    def staff_to_tell(self, case: DueCase) -> list[User]:
        assignee = self._users.get(case.assignee_id) if case.assignee_id else None
        return ([assignee] if assignee else []) + self._leads[case.team_id]

    def _read_shared(self, cases: list[DueCase]) -> None:
        """What the events on ``cases`` need and this sweep has not read yet: assignees,
        sellers, team leads, recipients' notice preferences (a query each at most), and the
        case types' names (once)."""
        users = {c.assignee_id for c in cases if c.assignee_id} - self._users.keys()
        if users:
            found = User.objects.in_bulk(users)
            self._users.update({pk: found.get(pk) for pk in users})
        sellers = {c.seller_id for c in cases} - self._sellers.keys()
        if sellers:
            for pk, code, name in Seller.objects.filter(pk__in=sellers).values_list(
                "pk", "code", "name"
            ):
                self._sellers[pk] = {"code": code, "name": name}
        for team_id in {c.team_id for c in cases} - self._leads.keys():
            self._leads[team_id] = team_leads(team_id)
        self.notices.read_preferences(
            [self._users[c.assignee_id] for c in cases if c.assignee_id]
            + [lead for team_id in {c.team_id for c in cases} for lead in self._leads[team_id]]
        )
        if self._case_types is None:
            self._case_types = {
                pk: {"code": code, "name_en": name_en, "name_zh": name_zh}
                for pk, code, name_en, name_zh in CaseType.objects.values_list(
                    "pk", "code", "name_en", "name_zh"
                )
            }

    def notice_case(self, case: DueCase) -> dict:
        """The case as the notice templates read it (``case.number``, ``case.seller.code``,
        ``case.case_type.name_en``, …): the same values a Case would give them."""
        return {
            "number": case.number,
            "subject": case.subject,
            "seller": self._sellers[case.seller_id],
            "case_type": self._case_types[case.case_type_id],
        }

    # --- a chunk ----------------------------------------------------------------------------

    def chunk(self, pks: list[int]) -> int:
        """Warn and breach what is due on ``pks``, in one transaction; returns how many
        events fired. A case another worker swept (or anyone changed) since it was read is
        left alone: the conditional write skips it, and its events are not recorded."""
        fired = 0
        with transaction.atomic():
            rows = (
                Case.objects.filter(pk__in=pks, sla_check_at__lte=self.now)
                .order_by("pk")
                .values_list(*DUE_COLUMNS)
            )
            cases = [DueCase(*row) for row in rows]
            closed = [case.pk for case in cases if case.status not in OPEN_STATUSES]
            if closed:
                Case.objects.filter(pk__in=closed).exclude(status__in=OPEN_STATUSES).update(
                    sla_check_at=None
                )
                cases = [case for case in cases if case.status in OPEN_STATUSES]
            pauses: dict[int, list] = {case.pk: [] for case in cases}
            for case_id, started, ended in CasePause.objects.filter(
                case_id__in=list(pauses)
            ).values_list("case_id", "started_at", "ended_at"):
                pauses[case_id].append((started, ended))
            events = {case.pk: self.case(case, tuple(pauses[case.pk])) for case in cases}
            written = _write_back(cases)
            cases = [case for case in cases if case.pk in written]
            self._read_shared(cases)
            for case in cases:
                fired += self.record(case, events[case.pk])
            self.events.flush()
            self.notices.flush()
        return fired

    def case(self, case: DueCase, pauses: tuple) -> list[tuple]:
        """Compute ``case``'s clocks, set what changes on it (warned targets, breaches,
        escalation, the next check) and return its events as (kind, target, clock, before),
        to be recorded once the case's write has gone through."""
        now, events = self.now, []
        case.read_check_at = case.sla_check_at
        clocks = engine.compute_clocks(
            facts(case, pauses),  # a DueCase has the Case attributes the facts read
            self.targets(case),
            self.calendar(case),
            self.settings.warn_at_percent,
        )
        warned = list(case.sla_warned)
        deferred_to: dict[str, datetime] = {}  # warnings held back until working hours
        for target, clock in clocks.items():
            if not engine.running(clock):
                continue
            key = engine.warn_key(target, clock.started_at)
            if key not in warned and clock.warn_at <= now < clock.due_at:
                at_work = self.at_work(case)
                if at_work > now:
                    deferred_to[key] = min(at_work, clock.due_at)
                else:
                    warned.append(key)
                    events.append(("warn", target, clock, None))
            if getattr(case, f"{target}_breached_at") is None and clock.due_at <= now:
                if key not in warned:
                    warned.append(key)  # a breach supersedes its warning
                before = {"escalated_at": case.escalated_at}
                setattr(case, f"{target}_breached_at", clock.due_at)
                if case.escalated_at is None:
                    case.escalated_at, case.escalation_reason = now, "sla_breach"
                events.append(("breach", target, clock, before))
        case.sla_warned = warned
        case.sla_check_at = engine.next_check(clocks, warned, breaches(case), deferred_to)
        return events

    def record(self, case: DueCase, events: list[tuple]) -> int:
        """The audit events and notices of ``case``'s warnings and breaches."""
        for kind, target, clock, before in events:
            if kind == "warn":
                self.warn(case, target, clock)
            else:
                self.breach(case, target, clock, before)
        return len(events)

    def _notify(self, case: DueCase, kind: str, target: str, clock: engine.Clock) -> None:
        self.notices.add(
            recipients=self.staff_to_tell(case),
            kind=kind,
            context={"case": self.notice_case(case), "target": target, "due_at": clock.due_at},
            link=f"/console/cases/{case.number}",
            dedupe_key=f"{kind}:{case.pk}:{engine.warn_key(target, clock.started_at)}",
        )

    def warn(self, case: DueCase, target: str, clock: engine.Clock) -> None:
        self.events.add(
            rule=f"sla_warning:{target}",
            action="case.sla_warning",
            object_type=CASE_LABEL,
            object_id=case.pk,
            case_id=case.pk,
            after={"target": target, "due_at": clock.due_at},
            internal=True,
        )
        self._notify(case, "sla.warning", target, clock)

    def breach(self, case: DueCase, target: str, clock: engine.Clock, before: dict) -> None:
        self.events.add(
            rule=f"sla_breach:{target}",
            action="case.sla_breached",
            object_type=CASE_LABEL,
            object_id=case.pk,
            case_id=case.pk,
            before=before,
            after={
                "target": target,
                "breached_at": clock.due_at,
                "escalated_at": case.escalated_at,
            },
            internal=True,
        )
        self._notify(case, "sla.breach", target, clock)


CASE_LABEL = Case._meta.label_lower


def _write_back(cases: list[DueCase]) -> set[int]:
    """Save what the sweep changed on each case, in one statement (``update_rows``), where
    ``sla_check_at`` and ``updated_at`` are still as read; returns the ids written. This
    conditional update is the sweep's claim: of two workers that read the same case, the
    second's update waits for the first's row lock, then finds the row changed (PostgreSQL
    re-checks the condition on the new row) and skips it. On SQLite the chunk's transaction
    holds the write lock from its read on, so nothing changes in between. ``bulk_update``
    built a CASE expression per field and row and cost more than the rest of the sweep."""
    return update_rows(
        Case,
        SWEEP_FIELDS,
        [
            (
                *(getattr(case, name) for name in SWEEP_FIELDS),
                case.read_check_at,
                case.updated_at,
                case.pk,
            )
            for case in cases
        ],
        expected=EXPECTED,
    )


def sla_sweep(
    *,
    now: datetime | None = None,
    batch: int | None = None,
    chunk: int | None = None,
    workers: int | None = None,
) -> int:
    """Warn and escalate what is due: at most ``batch`` cases, read and written ``chunk`` at
    a time (defaults: SELLERDESK SLA_SWEEP_BATCH, SLA_SWEEP_CHUNK), the chunks on up to
    ``workers`` threads (SLA_SWEEP_WORKERS). Reads only cases whose stored ``sla_check_at``
    has come (an index range), and writes each with a conditional update, so two workers
    sweeping at once act on each case once. Returns the number of warnings and breaches
    fired."""
    return _sweep_pass(now or timezone.now(), batch, chunk, workers)[1]


def _setting(name: str, given: int | None, minimum: int = 1) -> int:
    """``given``, else SELLERDESK[name]; a value below ``minimum`` is a configuration error
    (a batch of 0 would find nothing due and the backlog loop would spin its whole budget)."""
    value = _conf(name) if given is None else given
    if not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(
            f"SELLERDESK_{name} (or the matching argument) must be a whole number of at least "
            f"{minimum}, not {value!r}"
        )
    return value


def sla_sweep_backlog(*, budget_seconds: int | None = None) -> int:
    """Sweep passes until one finds less than a batch due or ``budget_seconds`` (SELLERDESK
    SLA_SWEEP_BUDGET_SECONDS) are spent: the minute's run catches up with a backlog (after an
    outage, a policy change) instead of leaving it a batch a minute. Returns the events
    fired."""
    budget = _setting("SLA_SWEEP_BUDGET_SECONDS", budget_seconds, minimum=0)
    batch = _setting("SLA_SWEEP_BATCH", None)
    started, fired, last = time.monotonic(), 0, None
    while True:
        due, got = _sweep_pass(timezone.now(), batch, None, None)
        fired += got
        if len(due) < batch or time.monotonic() - started >= budget:
            return fired
        if not got and due == last:
            # The same cases still due and nothing fired: each written case gets a later
            # check (ADR 0008), so this is a fault to report, not a reason to spin.
            log.error("SLA sweep: %s cases stay due after a pass; stopping this run", len(due))
            return fired
        last = due


def _sweep_pass(now: datetime, batch, chunk, workers) -> tuple[list[int], int]:
    """(the cases due, events fired) of one pass at ``now``."""
    batch = _setting("SLA_SWEEP_BATCH", batch)
    chunk = _setting("SLA_SWEEP_CHUNK", chunk)
    workers = _setting("SLA_SWEEP_WORKERS", workers)
    due = list(
        Case.objects.filter(sla_check_at__lte=now)
        .order_by("sla_check_at")
        .values_list("pk", flat=True)[:batch]
    )
    parts = [due[start : start + chunk] for start in range(0, len(due), chunk)]
    workers = _parallel_workers(workers, len(parts))
    if workers == 1:
        sweep = _Sweep(now)
        return due, sum(sweep.chunk(part) for part in parts)
    return due, _in_threads(now, parts, workers)


def _parallel_workers(wanted: int, parts: int) -> int:
    """How many threads a pass runs its chunks on. One on SQLite: it has a single writer and
    a chunk holds the write lock from its read to its commit, so threads would only queue for
    it. One inside the caller's transaction, which the chunks must then share."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(wanted, parts))


def _in_threads(now: datetime, parts: list[list[int]], workers: int) -> int:
    """Run the chunks on ``workers`` threads, each with its own connection and ``_Sweep``
    (its shared reads, events and notices are not for sharing). On PostgreSQL the Python of
    one chunk then runs while the server writes another's; correctness does not depend on it,
    the conditional writes keep each case to one worker (ADR 0008)."""
    todo: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
    for part in parts:
        todo.put(part)
    fired = [0] * workers
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            sweep = _Sweep(now)
            while True:
                try:
                    part = todo.get_nowait()
                except queue.Empty:
                    return
                fired[index] += sweep.chunk(part)
        except BaseException as exc:  # the first is re-raised in the caller's thread below
            log.exception("SLA sweep: a chunk failed in %s", threading.current_thread().name)
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connection

    threads = [
        threading.Thread(target=work, args=(i,), name=f"sla-sweep-{i}") for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(fired)
