"""The single way to record an audit event. Every service that changes state calls it inside
its own transaction, so the change and its audit row commit or roll back together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

from sellerdesk.lib.bulk import insert_rows

from .models import AuditEvent

SYSTEM = None  # actor for automated changes; pass ``rule=`` to say which rule fired


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if isinstance(value, models.Model):
            value = str(value.pk)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[key] = value
    return out


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    case=None,
    internal: bool = False,
    rule: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    event = audit_event(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        case=case,
        internal=internal,
        rule=rule,
        at=at,
    )
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    case=None,
    internal: bool = False,
    rule: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """The event ``audit_record`` writes, not saved yet. (Automated events recorded by the
    thousand, as the SLA sweep's, go through ``AuditRows`` instead: plain rows, one insert.)"""
    if actor is None:
        label = f"system:{rule or 'unspecified'}"
    else:
        label = actor.email or actor.get_username()
    extra = {"created_at": at} if at is not None else {}
    return AuditEvent(
        **extra,
        actor=actor,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        case=case,
        before=_jsonable(before),
        after=_jsonable(after),
        internal=internal,
    )


# What ``AuditRows`` writes per event, in this order.
AUDIT_ROW_COLUMNS = (
    "created_at",
    "actor",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "case",
    "before",
    "after",
    "internal",
)


class AuditRows:
    """Automated events recorded in bulk as plain values (the SLA sweep: up to thousands a
    minute), the same rows ``audit_record(actor=None, rule=...)`` writes, without a model
    instance each. ``flush`` writes them in one statement, inside the caller's transaction."""

    def __init__(self, *, at: datetime) -> None:
        self._at = at
        self._rows: list[tuple] = []

    def add(
        self,
        *,
        rule: str,
        action: str,
        object_type: str,
        object_id: int | str,
        case_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        internal: bool = False,
    ) -> None:
        self._rows.append(
            (
                self._at,
                None,
                f"system:{rule}",
                action,
                object_type,
                str(object_id),
                case_id,
                _jsonable(before),
                _jsonable(after),
                internal,
            )
        )

    def flush(self) -> int:
        rows, self._rows = self._rows, []
        insert_rows(AuditEvent, AUDIT_ROW_COLUMNS, rows)
        return len(rows)
