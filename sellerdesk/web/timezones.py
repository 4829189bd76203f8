"""The time-zone picker's choices: the zones most people here use first, by name, then every
place zone grouped by region. The value is always the zone's IANA name, which the accounts
service checks against zoneinfo; legacy aliases (``US/Pacific``, ``PRC``) stay valid but are
offered only to someone who already has one."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMON = [
    ("Asia/Shanghai", _("China (Beijing, Shanghai)")),
    ("America/Los_Angeles", _("US Pacific (Los Angeles)")),
    ("America/New_York", _("US Eastern (New York)")),
    ("Europe/Berlin", _("Germany (Berlin)")),
    ("Europe/London", _("United Kingdom (London)")),
    ("Asia/Tokyo", _("Japan (Tokyo)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]

REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class Group:
    label: str
    choices: list[Choice]


@cache
def _by_region() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {region: [] for region in REGIONS}
    for name in zoneinfo.available_timezones():
        region = name.split("/", 1)[0]
        if region in grouped and "/" in name:
            grouped[region].append(name)
    return {region: sorted(names) for region, names in grouped.items()}


def _offset(name: str, now: datetime) -> str:
    minutes = int(now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _place(name: str) -> str:
    # "America/Argentina/Buenos_Aires" -> "Argentina / Buenos Aires"
    return " / ".join(part.replace("_", " ") for part in name.split("/")[1:])


def picker_groups(selected: str = "", now: datetime | None = None) -> list[Group]:
    """Optgroups for the picker: common zones, then each region. ``selected`` (the zone shown
    as chosen) is marked once, where it first appears, and offered under "Other" when it is a
    valid alias that is not listed otherwise."""
    now = now or timezone.now()
    marked = False

    def choice(name: str, label: str) -> Choice:
        nonlocal marked
        is_selected = name == selected and not marked
        marked = marked or is_selected
        return Choice(name, f"{label} · {_offset(name, now)}", is_selected)

    groups = [Group(str(_("Common time zones")), [choice(n, str(lbl)) for n, lbl in COMMON])]
    for region, names in _by_region().items():
        groups.append(Group(str(REGIONS[region]), [choice(n, _place(n)) for n in names]))
    if selected and not marked and selected in zoneinfo.available_timezones():
        groups.append(Group(str(_("Other")), [choice(selected, selected)]))
    return groups
