"""The SLA engine (pure): from what happened on a case, its targets and its calendar, compute
each target's deadline, warning moment and state.

Three clocks per case:
- first response: from creation until the first public agent message;
- next response: from a seller's reply (after the first response) until the next public agent
  message;
- resolution: from creation until resolved.
Running time excludes pauses (waiting on the seller, resolved): ``facts.pauses`` is their
history, so recomputing after a policy change replays the case exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .clock import Calendar, Pause, add_running_time

TARGETS = ("first_response", "next_response", "resolution")


class State(StrEnum):
    NONE = "none"  # no clock running for this target
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # past the warning share of the target
    PAUSED = "paused"  # waiting on the seller
    BREACHED = "breached"
    MET = "met"


@dataclass(frozen=True)
class Targets:
    first_response: timedelta
    next_response: timedelta
    resolution: timedelta

    def scaled(self, percent: int) -> Targets:
        return Targets(
            self.first_response * percent / 100,
            self.next_response * percent / 100,
            self.resolution * percent / 100,
        )


@dataclass(frozen=True)
class Facts:
    """What happened on a case, as the clocks read it. ``closed``: resolved or closed (the
    lifecycle's statuses are the case app's; the engine only needs to know this)."""

    created_at: datetime
    closed: bool
    first_response_at: datetime | None
    next_response_started_at: datetime | None
    resolved_at: datetime | None
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True)
class Clock:
    """One target's clock: when it started, falls due, warns; None where it does not run."""

    started_at: datetime | None
    due_at: datetime | None
    warn_at: datetime | None
    met_at: datetime | None
    paused: bool


def _clock(
    start: datetime | None,
    target: timedelta,
    met_at: datetime | None,
    calendar: Calendar | None,
    pauses: tuple[Pause, ...],
    warn_percent: int,
) -> Clock:
    if start is None:
        return Clock(None, None, None, None, False)
    relevant = tuple((s, e) for s, e in pauses if met_at is None or s < met_at)
    due = add_running_time(start, target, calendar, relevant)
    warn = add_running_time(start, target * warn_percent / 100, calendar, relevant)
    paused = any(e is None for _, e in relevant)
    return Clock(start, due, warn, met_at, paused)


def compute_clocks(
    facts: Facts, targets: Targets, calendar: Calendar | None, warn_percent: int
) -> dict[str, Clock]:
    closed = facts.closed
    first = _clock(
        facts.created_at,
        targets.first_response,
        facts.first_response_at,
        calendar,
        facts.pauses,
        warn_percent,
    )
    next_start = None if closed else facts.next_response_started_at
    next_ = _clock(
        next_start,
        targets.next_response,
        None,
        calendar,
        tuple((s, e) for s, e in facts.pauses if e is None or (next_start and e > next_start)),
        warn_percent,
    )
    resolution = _clock(
        facts.created_at,
        targets.resolution,
        facts.resolved_at if closed else None,
        calendar,
        facts.pauses,
        warn_percent,
    )
    if closed and facts.first_response_at is None:
        # Resolved without a reply: the first-response clock stops at resolution.
        first = Clock(first.started_at, first.due_at, first.warn_at, facts.resolved_at, False)
    return {"first_response": first, "next_response": next_, "resolution": resolution}


def state(clock: Clock, *, now: datetime, breached_at: datetime | None = None) -> State:
    if clock.started_at is None:
        return State.NONE
    if clock.met_at is not None:
        return State.MET if clock.due_at is None or clock.met_at <= clock.due_at else State.BREACHED
    if breached_at is not None or (clock.due_at is not None and now >= clock.due_at):
        return State.BREACHED
    if clock.paused:
        return State.PAUSED
    if clock.warn_at is not None and now >= clock.warn_at:
        return State.AT_RISK
    return State.ON_TRACK


def running(clock: Clock) -> bool:
    """A clock that can still warn or breach."""
    return clock.started_at is not None and clock.met_at is None and clock.due_at is not None


def soonest(values) -> datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


# A warning, once sent, is remembered on the case by its key (``Case.sla_warned``). A
# next-response clock restarts on every seller reply, so each of its runs has its own key.
_NEXT_RESPONSE_KEY = "next_response@"


def warn_key(target: str, started_at: datetime | None) -> str:
    """The key under which the warning of ``target``'s clock (started at ``started_at``) is
    remembered once sent."""
    if target == "next_response":
        assert started_at is not None, "a running next-response clock has a start"
        return f"{_NEXT_RESPONSE_KEY}{started_at.isoformat()}"
    return target


def without_next_response_warnings(warned: list[str]) -> list[str]:
    """``warned`` less the next-response clock's keys (that clock stopped: support answered)."""
    return [key for key in warned if not key.startswith(_NEXT_RESPONSE_KEY)]


def next_check(
    clocks: dict[str, Clock],
    warned,
    breached: dict[str, datetime | None],
    deferred_to: dict[str, datetime] | None = None,
) -> datetime | None:
    """When a case must next be looked at: the soonest warning not yet sent and deadline not
    yet recorded as breached, over the running clocks. ``deferred_to`` maps the keys of
    warnings held back until working hours to the moment they were deferred to (counted then,
    not at their passed ``warn_at``, or the case would stay due and be swept every minute).
    The one definition of the next check: the services and the SLA sweep both use it."""
    deferred_to = deferred_to or {}
    moments = []
    for target, clock in clocks.items():
        if not running(clock):
            continue
        key = warn_key(target, clock.started_at)
        if key in deferred_to:
            moments.append(deferred_to[key])
        elif key not in warned:
            moments.append(clock.warn_at)
        if breached.get(target) is None:
            moments.append(clock.due_at)
    return soonest(moments)


def escalation_allowed_from(
    *,
    created_at: datetime,
    first_response_at: datetime | None,
    first_response_due_at: datetime | None,
    next_response_started_at: datetime | None,
    after: timedelta,
) -> datetime | None:
    """When a seller may escalate a case that waits on support: once the first response is
    overdue, or once ``after`` (72 h by default) has passed without an agent reply. None when
    the case does not wait on support (support answered last)."""
    if first_response_at is None:
        candidates = [created_at + after]
        if first_response_due_at is not None:
            candidates.append(first_response_due_at)
        return min(candidates)
    if next_response_started_at is not None:
        return next_response_started_at + after
    return None
