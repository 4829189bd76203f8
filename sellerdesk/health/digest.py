"""When the weekly digest goes out (pure): Monday 09:00 in each member's own time zone.

An hourly task asks which time zones are in the digest hour right now and sends to the
members in those zones; the digest's dedupe key names the member's local ISO week, so a
second run in the same hour (or a retry) sends nothing twice.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache


@lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def local_time(now: datetime, time_zone: str) -> datetime:
    """``now`` (aware) in ``time_zone``; UTC for a zone that does not exist."""
    zone = _zone(time_zone) or zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone)


def in_digest_hour(now: datetime, time_zone: str, *, weekday: int, hour: int) -> bool:
    local = local_time(now, time_zone)
    return local.weekday() == weekday and local.hour == hour


def due_time_zones(now: datetime, zones: Iterable[str], *, weekday: int, hour: int) -> list[str]:
    return sorted({zone for zone in zones if in_digest_hour(now, zone, weekday=weekday, hour=hour)})


def week_key(now: datetime, time_zone: str) -> str:
    """The member's local ISO week, e.g. ``2026-W03``."""
    year, week, _ = local_time(now, time_zone).isocalendar()
    return f"{year}-W{week:02d}"
