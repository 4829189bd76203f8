"""Who else has a case open: each console case page polls (``POLL_SECONDS``), which records
the agent as present (and typing, when they typed in the reply box since the last poll) and
answers with the other agents seen within ``WINDOW_SECONDS``. Presence is not case state: it
is overwritten at every poll and not audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.cases.models import Case

from .models import CaseViewer

POLL_SECONDS = 10
# Missing two polls in a row means the agent left the page.
WINDOW_SECONDS = 3 * POLL_SECONDS


def presence_touch(*, user: User, case: Case, typing: bool, now: datetime | None = None) -> None:
    """``user`` has ``case`` open now (and is typing a reply)."""
    now = now or timezone.now()
    updated = CaseViewer.objects.filter(case=case, user=user).update(
        seen_at=now, **({"typing_at": now} if typing else {})
    )
    if not updated:
        CaseViewer.objects.get_or_create(
            case=case, user=user, defaults={"seen_at": now, "typing_at": now if typing else None}
        )


def others_present(*, user: User, case: Case, now: datetime | None = None) -> list[dict]:
    """The other people who have ``case`` open, each with whether they are typing."""
    now = now or timezone.now()
    since = now - timedelta(seconds=WINDOW_SECONDS)
    rows = (
        CaseViewer.objects.filter(case=case, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [
        {"user": row.user, "typing": row.typing_at is not None and row.typing_at >= since}
        for row in rows
    ]
