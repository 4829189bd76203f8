"""The placeholders a macro may use and their rendering. Pure: no ORM, no I/O; the service
passes in the values it read."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PLACEHOLDERS = ("seller_name", "case_number", "first_response_due")
PATTERN = re.compile(r"\{([a-z_]+)\}")


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that are not placeholders, in order, once each."""
    return list(dict.fromkeys(m for m in PATTERN.findall(text or "") if m not in PLACEHOLDERS))


def format_deadline(when: datetime | None, time_zone: str) -> str:
    """A deadline in the seller's time zone: ``2026-12-08 14:00 (Asia/Shanghai)``; ``—`` when
    there is none. An unknown zone falls back to UTC."""
    if when is None:
        return "—"
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone, time_zone = ZoneInfo("UTC"), "UTC"
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M} ({time_zone or 'UTC'})"


def render(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced; anything else in braces is left as
    written (a macro saved before a placeholder was retired still renders)."""
    return PATTERN.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")
