"""The emailed rating link's token: signed (``django.core.signing`` with a salt of its own, so
no other signed value of the product can stand in for it) and expiring. It carries the case,
the resolution it asks about and the member it was sent to; nothing else is trusted from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing

SALT = "sellerdesk.surveys.rating-link"


class TokenRefused(Exception):
    """``reason``: ``invalid`` (tampered, truncated, not ours) or ``expired``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RatingToken:
    case_id: int
    resolved_at: datetime
    user_id: int


def token_make(*, case_id: int, resolved_at: datetime, user_id: int) -> str:
    return signing.dumps(
        {"c": case_id, "r": resolved_at.isoformat(), "u": user_id}, salt=SALT, compress=True
    )


def token_read(token: str, *, max_age: timedelta) -> RatingToken:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenRefused("expired") from None
    except signing.BadSignature:
        raise TokenRefused("invalid") from None
    try:
        return RatingToken(int(data["c"]), datetime.fromisoformat(data["r"]), int(data["u"]))
    except (KeyError, TypeError, ValueError):
        raise TokenRefused("invalid") from None
