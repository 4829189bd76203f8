"""Calendar periods a report groups days into: days, ISO weeks (from Monday), months and
quarters. Pure."""

from __future__ import annotations

from datetime import date, timedelta


def period_start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    raise ValueError(unit)


def next_period(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    months = 1 if unit == "month" else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def previous_period(start: date, unit: str) -> date:
    return period_start(start - timedelta(days=1), unit)


def periods_between(first: date, last: date, unit: str) -> list[date]:
    """The starts of every period from the one holding ``first`` to the one holding
    ``last``."""
    out, start = [], period_start(first, unit)
    while start <= last:
        out.append(start)
        start = next_period(start, unit)
    return out


def label(start: date, unit: str) -> str:
    if unit == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if unit == "month":
        return f"{start.year}-{start.month:02d}"
    return start.isoformat()
