"""Fixed-window rate limits counted in Django's cache.

A window is ``window`` seconds aligned to the epoch; each (scope, key, window) has one
counter. ``cache.add`` then ``cache.incr`` is atomic on the locmem and Redis backends. The
default cache is per process (locmem), so a limit holds per worker process; set REDIS_URL for
one count across processes (config/settings.py, docs/intake.md).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

from .errors import FieldError, TooManyRequests


@dataclass(frozen=True)
class Limit:
    scope: str  # e.g. "signin:address"
    key: str  # the user id or the address
    limit: int
    window: int  # seconds


def _cache_key(limit: Limit, window_index: int) -> str:
    digest = hashlib.sha256(limit.key.encode()).hexdigest()[:32]
    return f"rl:{limit.scope}:{digest}:{window_index}"


def hit(limit: Limit, now: float | None = None) -> int | None:
    """Count one attempt. Returns None when allowed, else the seconds until the window ends."""
    if limit.limit <= 0:
        return None
    now = time.time() if now is None else now
    index = int(now // limit.window)
    key = _cache_key(limit, index)
    cache.add(key, 0, timeout=limit.window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.window + 1)
        count = 1
    if count > limit.limit:
        return max(1, int((index + 1) * limit.window - now))
    return None


def check(limits: list[Limit], what: str, now: float | None = None) -> None:
    """Count an attempt against every limit; raise 429 (with retry_after) if any is full."""
    waits = [w for w in (hit(limit, now) for limit in limits) if w is not None]
    if waits:
        retry_after = max(waits)
        raise TooManyRequests(
            f"Too many {what}; try again in {retry_after} seconds.",
            [FieldError("request", "rate_limited", f"too many {what}")],
            extra={"retry_after": retry_after},
        )


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy
    # rewrites it; a deployment behind one sets REMOTE_ADDR from it in its WSGI server.
    return request.META.get("REMOTE_ADDR", "") or "unknown"
