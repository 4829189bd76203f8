"""Merging a duplicate case into the one that stays: its messages and attachments move, it
is closed as a duplicate (the lifecycle's merge event) with a link to the case that stays.
Its audit events stay where they were recorded: the history of the case that stays reads
them through the link (selectors.case_events_for). One transaction, one audit event per
case."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.attachments.models import Attachment
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed

from . import abuse, abuse_services, lifecycle, notices
from .deadlines import apply_sla
from .models import Case, Message, SensitiveField
from .permissions import is_case_agent
from .services import workflow_guard
from .transitions import move


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
    for one in (case, into):
        workflow_guard(one, by_workflow=False, doing="decide")
    if case.seller_id != into.seller_id:
        raise ValidationFailed(
            "Only cases of the same seller can be merged.",
            [FieldError("into", "other_seller", "the cases belong to different sellers")],
        )
    if into.status == lifecycle.Status.CLOSED:
        raise Conflict(f"Case #{into.number} is closed: merge into an open case.")
    old_status = case.status
    move(case, lifecycle.Event.MERGE, now)  # refuses a case that is not open
    moved_messages = Message.objects.filter(case=case).update(case=into)
    moved_files = Attachment.objects.filter(case=case).update(case=into)
    # Sensitive values stay with the case they were given for, unless the target has none.
    taken = set(SensitiveField.objects.filter(case=into).values_list("code", flat=True))
    SensitiveField.objects.filter(case=case).exclude(code__in=taken).update(case=into)
    case.resolved_at = case.closed_at = now
    case.close_reason = "duplicate"
    case.duplicate_of = into
    apply_sla(case, now)
    case.updated_at = into.updated_at = now
    case.save()
    into.save(update_fields=["updated_at"])
    notices.system_message(case=into, kind="case.merged", context={"merged": case.number}, now=now)
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
