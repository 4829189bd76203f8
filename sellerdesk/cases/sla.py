"""Deadlines (pure). For now on the 24×7 calendar the seed's numbers are expressed in; business
calendars, pauses and per-tier policies extend this module (issue: SLA engine)."""

from __future__ import annotations

from datetime import datetime, timedelta


def deadline(start: datetime, hours: float) -> datetime:
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if hours < 0:
        raise ValueError("hours must not be negative")
    return start + timedelta(hours=hours)


def target_state(*, due_at: datetime | None, met_at: datetime | None, now: datetime) -> str:
    """``met``, ``breached``, ``on_track`` or ``none`` for one target."""
    if due_at is None:
        return "none"
    if met_at is not None:
        return "met" if met_at <= due_at else "breached"
    return "breached" if now > due_at else "on_track"


def soonest_due(
    *,
    status: str,
    first_response_due_at: datetime | None,
    first_response_at: datetime | None,
    next_response_due_at: datetime | None,
    resolution_due_at: datetime | None,
) -> datetime | None:
    """The earliest deadline still running: what a queue ordered by "due" sorts on. Cases that
    are resolved or closed have none."""
    if status in ("resolved", "closed"):
        return None
    pending = [resolution_due_at, next_response_due_at]
    if first_response_at is None:
        pending.append(first_response_due_at)
    pending = [d for d in pending if d is not None]
    return min(pending) if pending else None
