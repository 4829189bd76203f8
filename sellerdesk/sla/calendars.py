"""Turning a stored BusinessCalendar into the pure ``clock.Calendar``, with public holidays from
the ``holidays`` package and the operator's closures. Cached per process, keyed by the row's
``updated_at``, because holiday tables are costly to build and change rarely."""

from __future__ import annotations

import functools
from datetime import date, time

import holidays

from .clock import Calendar


def _parse_time(text: str) -> time:
    hh, mm = (int(part) for part in text.split(":"))
    return time(0) if hh == 24 and mm == 0 else time(hh, mm)


def parse_hours(raw: dict) -> dict[int, tuple[tuple[time, time], ...]]:
    """``{"0": [["09:00", "18:00"]]}`` → ``{0: ((09:00, 18:00),)}``; ValueError names the entry."""
    out: dict[int, tuple[tuple[time, time], ...]] = {}
    if not isinstance(raw, dict):
        raise ValueError("hours must be an object of weekday → list of [start, end]")
    for key, periods in raw.items():
        try:
            weekday = int(key)
            parsed = tuple((_parse_time(a), _parse_time(b)) for a, b in periods)
        except (TypeError, ValueError) as exc:
            raise ValueError(f'hours[{key!r}]: expected [["HH:MM", "HH:MM"], …]') from exc
        out[weekday] = parsed
    Calendar("UTC", out)  # validates weekdays and period order
    return out


@functools.lru_cache(maxsize=256)
def _build(
    pk: int,
    updated_at: str,
    tz: str,
    hours_key: str,
    country: str,
    subdivision: str,
    closures: tuple[date, ...],
    first_year: int,
) -> Calendar:
    import json

    closed = set(closures)
    if country:
        years = range(first_year, first_year + 4)
        closed |= set(holidays.country_holidays(country, subdiv=subdivision or None, years=years))
    return Calendar(tz=tz, hours=parse_hours(json.loads(hours_key)), closed=frozenset(closed))


def calendar_for(row, *, year: int) -> Calendar:
    import json

    return _build(
        row.pk,
        row.updated_at.isoformat() if row.updated_at else "",
        row.time_zone,
        json.dumps(row.hours, sort_keys=True),
        row.holiday_country,
        row.holiday_subdivision,
        tuple(row.closures.values_list("date", flat=True)),
        year - 1,
    )
