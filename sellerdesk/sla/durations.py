"""Durations as people write them ("24 h", "2 d", "90 min", "1 d 6 h", "1.5 h", "2 天") and as
they read them, for targets stored in minutes (pure).

The stored value stays whole minutes; only the operator's screens speak hours and days. A
number alone is minutes, which is what the fields held before, so a value posted by an older
form still means what it meant.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

MINUTE, HOUR, DAY = 1, 60, 24 * 60
# Every spelling accepted for each unit, English and Chinese, lower case.
UNITS = {
    **dict.fromkeys(("d", "day", "days", "天", "日"), DAY),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "小时", "小時", "时", "時"), HOUR),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分钟", "分鐘", "分"), MINUTE),
}
# Upper bound for a target: a year is already no service level.
MAX_MINUTES = 366 * DAY

_PART = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*([^\d\s.,]*)\s*")


def parse_duration(text: str) -> int:
    """Whole minutes from ``text``; ValueError says what is wrong. Parts add up ("1 d 6 h");
    a number alone is minutes; a fraction must come to whole minutes ("1.5 h", not "1.01 h")."""
    raw = (text or "").strip().lower()
    if not raw:
        raise ValueError(gettext("Enter a duration, e.g. 24 h, 2 d or 90 min."))
    total = Decimal(0)
    position, parts = 0, 0
    while position < len(raw):
        match = _PART.match(raw, position)
        if match is None or match.end() == position:
            raise ValueError(
                gettext("“%(text)s” is not a duration: write e.g. 24 h, 2 d or 90 min.")
                % {"text": text.strip()}
            )
        number, unit = match.groups()
        if unit and unit not in UNITS:
            raise ValueError(
                gettext("Unknown unit “%(unit)s”: use d (days), h (hours) or min (minutes).")
                % {"unit": unit}
            )
        if not unit and (parts or match.end() < len(raw)):
            raise ValueError(gettext("Give each number its unit, e.g. 1 d 6 h."))
        try:
            total += Decimal(number.replace(",", ".")) * UNITS[unit or "min"]
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise ValueError(gettext("Enter a duration, e.g. 24 h, 2 d or 90 min.")) from None
        position, parts = match.end(), parts + 1
    if total != total.to_integral_value():
        raise ValueError(gettext("The duration must come to whole minutes."))
    return int(total)


def format_duration(minutes: int | None) -> str:
    """The way people say it: hours up to two days ("24 h", "48 h"), days beyond ("5 d"),
    minutes below two hours when they are not whole hours ("90 min"); the rest in parts
    ("3 d 4 h", "5 h 30 min"). ``parse_duration`` reads every result back."""
    if minutes is None:
        return ""
    minutes = int(minutes)
    if minutes < 2 * HOUR and (minutes % HOUR or not minutes):
        return gettext("%(n)s min") % {"n": minutes}
    if minutes <= 2 * DAY and minutes % HOUR == 0:
        return gettext("%(n)s h") % {"n": minutes // HOUR}
    days, rest = divmod(minutes, DAY) if minutes > 2 * DAY else (0, minutes)
    hours, mins = divmod(rest, HOUR)
    parts = []
    if days:
        parts.append(gettext("%(n)s d") % {"n": days})
    if hours:
        parts.append(gettext("%(n)s h") % {"n": hours})
    if mins:
        parts.append(gettext("%(n)s min") % {"n": mins})
    return " ".join(parts)
