"""Closing resolved cases that stayed quiet (the worker's sweep). Moved out of services.py to
keep it small; ``services.cases_close_quiet`` still names it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.audit.services import audit_record

from . import lifecycle
from .models import Case, Message


def _conf(name: str) -> int:
    return settings.SELLERDESK[name]


def _auto_close_notice(language: str) -> str:
    days = _conf("AUTO_CLOSE_AFTER_DAYS")
    window = _conf("REOPEN_WINDOW_DAYS")
    if language.startswith("zh"):
        return (
            f"此案例已解决且 {days} 天内没有新的回复，系统已自动关闭。"
            f"如问题仍未解决，可在解决后 {window} 天内重新打开。"
        )
    return (
        f"This case was closed automatically after {days} days without activity since it was "
        f"resolved. You can reopen it within {window} days of resolution if the problem remains."
    )


def cases_close_quiet(*, now: datetime | None = None, batch: int = 500) -> int:
    """Close resolved cases that stayed quiet for the configured period. Selects by the indexed
    resolution time and claims each row with a conditional update, so two workers running this
    at once close (and audit) each case exactly once."""
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
            claimed = Case.objects.filter(
                pk=pk, status=lifecycle.Status.RESOLVED, resolved_at=resolved_at
            ).update(status=lifecycle.Status.CLOSED, closed_at=now, updated_at=now)
            if claimed == 1:
                case = Case.objects.get(pk=pk)
                Message.objects.create(
                    case=case,
                    author_kind=Message.Author.SYSTEM,
                    kind=Message.Kind.SYSTEM,
                    body=_auto_close_notice(case.language),
                    created_at=now,
                )
                audit_record(
                    actor=None,
                    rule="auto_close_quiet_resolved",
                    action="case.closed",
                    obj=case,
                    case=case,
                    before={"status": lifecycle.Status.RESOLVED},
                    after={"status": lifecycle.Status.CLOSED, "closed_at": now},
                    at=now,
                )
                closed += 1
    return closed
