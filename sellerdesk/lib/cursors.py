"""Keyset pagination cursors: an opaque token holding the last row's sort time and id. Anything
a client edited or made up is a 422 on ``cursor``, never a 500 from the database adapter."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime

from .errors import FieldError, ValidationFailed

MAX_ID = 2**63 - 1


def encode(when: datetime | None, last_id: int) -> str:
    raw = json.dumps([when.isoformat() if when else None, last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid() -> ValidationFailed:
    return ValidationFailed(
        "Invalid cursor.",
        [FieldError("cursor", "invalid", "use next_cursor from a previous page")],
    )


def decode(cursor: str, *, allow_none: bool = False) -> tuple[datetime | None, int]:
    """``(time in UTC, id)`` of the row a cursor names; the time may be None only with
    ``allow_none`` (an ordering with rows that have no key)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != 2:
            raise ValueError
        raw_when, last_id = values
        if type(last_id) is not int or not 0 < last_id <= MAX_ID:
            raise ValueError
        if raw_when is None:
            if not allow_none:
                raise ValueError
            return None, last_id
        when = parse_datetime(raw_when) if isinstance(raw_when, str) else None
        if when is None or when.utcoffset() is None:
            raise ValueError  # our cursors carry an aware time; a naive one is made up
        # In UTC here, not in the query: 0001-01-01T00:00+05:00 has no UTC time, and the
        # database adapter would raise its OverflowError as a 500.
        return when.astimezone(UTC), last_id
    except (ValueError, TypeError, UnicodeError, OverflowError):
        raise invalid() from None
