"""Retry policy for delivery (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """Exponential back-off: base, 2×base, 4×base, … capped at max."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def next_attempt(
    now: datetime, attempts: int, *, max_attempts: int, base_seconds: int, max_seconds: int
) -> datetime | None:
    """When to try again after ``attempts`` failed tries, or None to give up."""
    if attempts >= max_attempts:
        return None
    return now + retry_delay(attempts, base_seconds=base_seconds, max_seconds=max_seconds)
