"""Business time (pure): when does a target of N working hours, started at T and paused for a
while, fall due?

A ``Calendar`` is working hours per weekday in a time zone, minus closed dates (public
holidays, operator closures). ``None`` stands for the 24×7 calendar the seed's numbers are
expressed in. Working intervals are built per local date and converted to UTC with zoneinfo,
so a DST change shortens or lengthens that day's working time exactly as a clock on the wall
would. Pauses (the case waiting on the seller) are intervals taken out of the running time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# How far ahead to look for working time before deciding a calendar has none.
HORIZON_DAYS = 3 * 366

# The end of a pause that has not ended, and of the 24×7 calendar's one working interval.
FOREVER = datetime.max.replace(tzinfo=UTC)
Interval = tuple[datetime, datetime]
Pause = tuple[datetime, datetime | None]  # end None: still paused


@dataclass(frozen=True)
class Calendar:
    tz: str
    # weekday (0 = Monday) → working periods as (start, end) local times, end > start;
    # time(0) as an end means midnight at the end of the day.
    hours: dict[int, tuple[tuple[time, time], ...]]
    closed: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for weekday, periods in self.hours.items():
            if not 0 <= weekday <= 6:
                raise ValueError(f"weekday {weekday} is not 0–6")
            for start, end in periods:
                if end != time(0) and end <= start:
                    raise ValueError(f"working period {start}–{end} ends before it starts")

    def working_intervals(self, from_day: date) -> Iterator[Interval]:
        """Working intervals in UTC, day by day from ``from_day`` (local), in order."""
        zone = ZoneInfo(self.tz)
        for offset in range(HORIZON_DAYS):
            day = from_day + timedelta(days=offset)
            if day in self.closed:
                continue
            for start, end in self.hours.get(day.weekday(), ()):
                local_start = datetime.combine(day, start, tzinfo=zone)
                end_day = day + timedelta(days=1) if end == time(0) else day
                local_end = datetime.combine(end_day, end, tzinfo=zone)
                utc_start, utc_end = local_start.astimezone(UTC), local_end.astimezone(UTC)
                if utc_end > utc_start:
                    yield utc_start, utc_end


def _running_intervals(
    start: datetime, calendar: Calendar | None, pauses: Iterable[Pause]
) -> Iterator[Interval]:
    """Intervals after ``start`` in which the clock runs: working time minus pauses."""
    if start.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    ordered = sorted(((s, e) for s, e in pauses if e is None or e > start), key=lambda p: p[0])
    # Nothing runs after an open pause begins: stop there instead of scanning the horizon.
    stop_at = min((s for s, e in ordered if e is None), default=None)
    if calendar is None:
        base: Iterable[Interval] = [(start, FOREVER)]
    else:
        local_day = start.astimezone(ZoneInfo(calendar.tz)).date() - timedelta(days=1)
        base = calendar.working_intervals(local_day)
    for w_start, w_end in base:
        if w_end <= start:
            continue
        if stop_at is not None and w_start >= stop_at:
            return
        pieces = [(max(w_start, start), w_end)]
        for p_start, p_end in ordered:
            next_pieces = []
            for a, b in pieces:
                pe = p_end or FOREVER
                if pe <= a or p_start >= b:
                    next_pieces.append((a, b))
                    continue
                if p_start > a:
                    next_pieces.append((a, p_start))
                if pe < b:
                    next_pieces.append((pe, b))
            pieces = next_pieces
        yield from pieces


def add_running_time(
    start: datetime,
    target: timedelta,
    calendar: Calendar | None = None,
    pauses: Iterable[Pause] = (),
) -> datetime | None:
    """The moment the clock started at ``start`` has run for ``target``; None while an open
    pause stops it before then. Raises ValueError if the calendar has no working time."""
    if target < timedelta(0):
        raise ValueError("target must not be negative")
    pauses = list(pauses)
    if calendar is None and not pauses:
        if start.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return start + target  # 24×7 without pauses: running time is wall-clock time
    remaining = target
    last_end = start
    for a, b in _running_intervals(start, calendar, pauses):
        span = b - a
        if span >= remaining:
            return a + remaining
        remaining -= span
        last_end = b
    if any(e is None for _, e in pauses):
        return None
    raise ValueError(f"no working time within {HORIZON_DAYS} days after {last_end.isoformat()}")


def running_time_between(
    start: datetime,
    end: datetime,
    calendar: Calendar | None = None,
    pauses: Iterable[Pause] = (),
) -> timedelta:
    """How long the clock ran between ``start`` and ``end``."""
    total = timedelta(0)
    if end <= start:
        return total
    for a, b in _running_intervals(start, calendar, pauses):
        if a >= end:
            break
        total += min(b, end) - a
    return total
