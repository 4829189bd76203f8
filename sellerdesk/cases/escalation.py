"""A seller escalating a case that support has left unanswered (the seed: no reply in 72 h →
escalate; the public route "often triggers expedited handling")."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.notifications.services import notify
from sellerdesk.sla import engine
from sellerdesk.sla.models import SlaSettings

from .deadlines import staff_to_tell
from .models import Case, Message
from .permissions import is_case_seller


def escalation_possible_at(case: Case, settings: SlaSettings | None = None) -> datetime | None:
    settings = settings or SlaSettings.current()
    if not case.is_open or case.status == Case.Status.AWAITING_SELLER:
        return None
    return engine.escalation_allowed_from(
        created_at=case.created_at,
        first_response_at=case.first_response_at,
        first_response_due_at=case.first_response_due_at,
        next_response_started_at=case.next_response_started_at,
        after=timedelta(hours=settings.seller_escalation_after_hours),
    )


@transaction.atomic
def case_escalate(
    *, actor: User, case: Case, reason: str = "", now: datetime | None = None
) -> Case:
    now = now or timezone.now()
    case = Case.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=case.pk)
    if not is_case_seller(actor, case):
        raise Forbidden("Only the seller's members can escalate this case.")
    if len(reason or "") > 5000:
        raise ValidationFailed(
            "The reason is too long.", [FieldError("reason", "too_long", "at most 5000 characters")]
        )
    if case.escalated_at is not None and case.escalation_reason == "seller":
        raise Conflict(f"Case #{case.number} is already escalated.")
    possible_at = escalation_possible_at(case)
    if possible_at is None:
        raise Conflict(
            f"Case #{case.number} is not waiting on support, so it cannot be escalated.",
            extra={"escalation_possible_at": None},
        )
    if now < possible_at:
        raise Conflict(
            f"Case #{case.number} can be escalated from {possible_at.isoformat()}.",
            extra={"escalation_possible_at": possible_at.isoformat()},
        )
    before = {"escalated_at": case.escalated_at, "escalation_reason": case.escalation_reason}
    case.escalated_at, case.escalation_reason, case.updated_at = now, "seller", now
    case.save(update_fields=["escalated_at", "escalation_reason", "updated_at"])
    if (reason or "").strip():
        Message.objects.create(
            case=case,
            author=actor,
            author_kind=Message.Author.SELLER,
            body=reason.strip(),
            created_at=now,
        )
    audit_record(
        actor=actor,
        action="case.escalated",
        obj=case,
        case=case,
        before=before,
        after={"escalated_at": now, "escalation_reason": "seller"},
        at=now,
    )
    notify(
        recipients=staff_to_tell(case),
        kind="case.escalated",
        context={"case": case, "reason": reason},
        link=f"/console/cases/{case.number}",
        now=now,
    )
    return case
