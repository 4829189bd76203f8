"""The abuse rule (pure): cases an agent closed as invalid, duplicate or spam count against
the seller; this many within the window downgrade support for a cooling period.

Boundaries, stated once: a bad close counts while ``now - window <= closed_at <= now`` (one
closed exactly 30 days ago still counts, one 30 days and a second ago does not); a
restriction is active for ``starts_at <= now < ends_at`` unless lifted. The daily cap is a
rolling 24 hours: the seller may open ``daily_cap`` cases in any 24 hours while restricted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

CLOSE_REASONS = ("resolved", "invalid", "duplicate", "spam")
BAD_REASONS = frozenset({"invalid", "duplicate", "spam"})
DAY = timedelta(days=1)


@dataclass(frozen=True)
class AbuseRule:
    threshold: int = 5
    window_days: int = 30
    cooling_days: int = 30
    target_percent: int = 150
    daily_cap: int = 3

    @property
    def name(self) -> str:
        return f"abuse:{self.threshold}_bad_closes_in_{self.window_days}_days"

    @classmethod
    def from_settings(cls, conf: dict) -> AbuseRule:
        return cls(
            threshold=conf["ABUSE_THRESHOLD"],
            window_days=conf["ABUSE_WINDOW_DAYS"],
            cooling_days=conf["ABUSE_COOLING_DAYS"],
            target_percent=conf["ABUSE_TARGET_PERCENT"],
            daily_cap=conf["ABUSE_DAILY_CASE_CAP"],
        )


def window_start(now: datetime, rule: AbuseRule) -> datetime:
    return now - timedelta(days=rule.window_days)


def bad_closes_in_window(closed_at: Iterable[datetime], now: datetime, rule: AbuseRule) -> int:
    start = window_start(now, rule)
    return sum(1 for t in closed_at if start <= t <= now)


def should_restrict(closed_at: Iterable[datetime], now: datetime, rule: AbuseRule) -> bool:
    return bad_closes_in_window(closed_at, now, rule) >= rule.threshold


def restriction_end(now: datetime, rule: AbuseRule) -> datetime:
    return now + timedelta(days=rule.cooling_days)


def is_active(
    starts_at: datetime, ends_at: datetime, lifted_at: datetime | None, now: datetime
) -> bool:
    return lifted_at is None and starts_at <= now < ends_at


def restricted_target_percent(percent: int, rule: AbuseRule) -> int:
    """Slower targets while restricted: the rule's percent of what the case would get."""
    return max(percent, percent * rule.target_percent // 100)


def cap_retry_after(created_at: Iterable[datetime], now: datetime, rule: AbuseRule) -> int | None:
    """Seconds until the seller may open another case under the daily cap, or None when
    they may now."""
    recent = sorted(t for t in created_at if now - DAY < t <= now)
    if len(recent) < rule.daily_cap:
        return None
    # The cap frees a slot when the oldest case that fills it leaves the 24 hours.
    oldest = recent[len(recent) - rule.daily_cap]
    return max(1, int((oldest + DAY - now).total_seconds()) + 1)
