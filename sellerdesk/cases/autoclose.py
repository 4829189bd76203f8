"""Closing resolved cases that stayed quiet (the worker's sweep), through the lifecycle's
auto-close event like every other status change."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.audit.services import audit_record

from . import lifecycle, notices
from .models import Case
from .transitions import move

RULE = "auto_close_quiet_resolved"


def _conf(name: str) -> int:
    return settings.SELLERDESK[name]


def cases_close_quiet(*, now: datetime | None = None, batch: int = 500) -> int:
    """Close resolved cases that stayed quiet for the configured period. Selects by the indexed
    resolution time; each case is then locked and read again in its own transaction, so of two
    workers running this at once, the second finds the case closed (or reopened) and leaves it:
    each case is closed, and audited, exactly once."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=_conf("AUTO_CLOSE_AFTER_DAYS"))
    candidates = list(
        Case.objects.filter(status=lifecycle.Status.RESOLVED, resolved_at__lte=cutoff)
        .order_by("resolved_at")
        .values_list("pk", "resolved_at")[:batch]
    )
    closed = 0
    for pk, resolved_at in candidates:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .filter(pk=pk, status=lifecycle.Status.RESOLVED, resolved_at=resolved_at)
                .first()
            )
            if case is None:
                continue  # another worker closed it, or the seller reopened it meanwhile
            old = move(case, lifecycle.Event.AUTO_CLOSE, now)
            case.closed_at = case.updated_at = now
            case.save(update_fields=["status", "closed_at", "updated_at"])
            notices.system_message(
                case=case,
                kind="case.auto_closed",
                context={
                    "days": _conf("AUTO_CLOSE_AFTER_DAYS"),
                    "window": _conf("REOPEN_WINDOW_DAYS"),
                },
                now=now,
            )
            audit_record(
                actor=None,
                rule=RULE,
                action="case.closed",
                obj=case,
                case=case,
                before={"status": old},
                after={"status": case.status, "closed_at": now},
                at=now,
            )
            closed += 1
    return closed
