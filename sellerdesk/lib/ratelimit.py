"""Fixed-window rate limits counted in Django's cache.

A window is ``window`` seconds aligned to the epoch; each (scope, key, window) has one
counter. The cache is shared by every process (config/settings.py): the database cache on
the default database, or Redis when REDIS_URL is set, so a limit holds across web workers.
``cache.add`` then ``cache.incr`` is atomic on Redis; the database cache reads then writes, so
there each count runs in one transaction that serialises counts of the same key (SQLite
takes the write lock at BEGIN; PostgreSQL takes an advisory lock on the key).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

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


@contextmanager
def _serialised(key: str) -> Iterator[None]:
    """Make a read-then-write of one counter atomic on the database cache."""
    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        yield
        return
    alias = router.db_for_write(cache.cache_model_class)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        yield


def _window(limit: Limit, now: float | None) -> tuple[float, int, str]:
    now = time.time() if now is None else now
    index = int(now // limit.window)
    return now, index, _cache_key(limit, index)


def hit(limit: Limit, now: float | None = None) -> int | None:
    """Count one attempt. Returns None when allowed, else the seconds until the window ends."""
    if limit.limit <= 0:
        return None
    now, index, key = _window(limit, now)
    cache = caches["default"]
    with _serialised(key):
        cache.add(key, 0, timeout=limit.window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=limit.window + 1)
            count = 1
    if count > limit.limit:
        return max(1, int((index + 1) * limit.window - now))
    return None


def unhit(limit: Limit, now: float | None = None) -> None:
    """Take back one attempt counted by ``hit`` in the same window (it turned out fine)."""
    if limit.limit <= 0:
        return
    _, _, key = _window(limit, now)
    cache = caches["default"]
    with _serialised(key):
        try:
            if cache.decr(key) < 0:
                cache.set(key, 0, timeout=limit.window + 1)
        except ValueError:  # the window ended in between: nothing to take back
            pass


def count(limit: Limit, now: float | None = None) -> int:
    """The attempts counted so far in the current window."""
    _, _, key = _window(limit, now)
    cache = caches["default"]
    return int(cache.get(key, 0))


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
