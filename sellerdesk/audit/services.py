"""The single way to record an audit event. Every service that changes state calls it inside
its own transaction, so the change and its audit row commit or roll back together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

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


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write events built by ``audit_event`` in one statement, in order (the SLA sweep records
    hundreds at once). Same transaction rule as ``audit_record``."""
    return AuditEvent.objects.bulk_create(events) if events else []


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
    """The event ``audit_record`` writes, not saved yet (for ``audit_record_many``)."""
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
