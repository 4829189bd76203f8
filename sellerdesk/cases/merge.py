"""Merging a duplicate case into the one that stays: its messages, attachments and events
move; it is closed as a duplicate with a link. One transaction, one audit event per case."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.attachments.models import Attachment
from sellerdesk.audit.models import AuditEvent
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.sla import services as sla_services

from . import abuse, abuse_services, lifecycle
from .models import Case, Message, SensitiveField
from .permissions import is_case_agent


@transaction.atomic
def case_merge(*, actor: User, case: Case, into: Case, now: datetime | None = None) -> Case:
    """Merge ``case`` into ``into``; returns ``into``."""
    now = now or timezone.now()
    if case.pk == into.pk:
        raise ValidationFailed(
            "A case cannot be merged into itself.",
            [FieldError("into", "same_case", "choose another case")],
        )
    # Lock both, lower id first, so two merges of the same pair cannot deadlock.
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update(of=("self",))
        .filter(pk__in=[case.pk, into.pk])
        .order_by("pk")
    }
    case, into = locked[case.pk], locked[into.pk]
    if not (is_case_agent(actor, case) and is_case_agent(actor, into)):
        raise Forbidden("Only staff of both cases' teams can merge them.")
    if case.seller_id != into.seller_id:
        raise ValidationFailed(
            "Only cases of the same seller can be merged.",
            [FieldError("into", "other_seller", "the cases belong to different sellers")],
        )
    if not case.is_open:
        raise Conflict(f"Case #{case.number} is {case.status}: only open cases can be merged.")
    if into.status == lifecycle.Status.CLOSED:
        raise Conflict(f"Case #{into.number} is closed: merge into an open case.")
    moved_messages = Message.objects.filter(case=case).update(case=into)
    moved_files = Attachment.objects.filter(case=case).update(case=into)
    moved_events = AuditEvent.objects.filter(case=case).update(case=into)
    # Sensitive values stay with the case they were given for, unless the target has none.
    taken = set(SensitiveField.objects.filter(case=into).values_list("code", flat=True))
    SensitiveField.objects.filter(case=case).exclude(code__in=taken).update(case=into)
    old_status = case.status
    case.status = lifecycle.Status.CLOSED
    sla_services.pause_sync(case, old_status, case.status, now)
    case.resolved_at = case.closed_at = now
    case.close_reason = "duplicate"
    case.duplicate_of = into
    sla_services.apply_sla(case, now)
    case.updated_at = into.updated_at = now
    case.save()
    into.save(update_fields=["updated_at"])
    Message.objects.create(
        case=into,
        author_kind=Message.Author.SYSTEM,
        kind=Message.Kind.SYSTEM,
        body=(
            f"案例 #{case.number} 已合并到此案例。"
            if into.language.startswith("zh")
            else f"Case #{case.number} was merged into this case."
        ),
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="case.merged",
        obj=case,
        case=into,
        before={"status": old_status},
        after={
            "status": case.status,
            "duplicate_of": into.number,
            "merged_case": case.number,
            "messages": moved_messages,
            "attachments": moved_files,
            "events": moved_events,
        },
        at=now,
    )
    audit_record(
        actor=actor,
        action="case.closed",
        obj=case,
        case=case,
        before={"status": old_status},
        after={"status": case.status, "duplicate_of": into.number, "close_reason": "duplicate"},
        at=now,
    )
    if case.close_reason in abuse.BAD_REASONS:
        abuse_services.abuse_evaluate(seller=case.seller, now=now)
    return into
