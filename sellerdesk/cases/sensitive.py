"""Reading sensitive case values in full: only agents of the owning team, only with a reason,
and each reading leaves an internal audit event (the access log). The values themselves never
go into the event, a log line or a notification."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib import crypto
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed

from .models import Case, SensitiveField

MAX_REASON = 500


def may_reveal(user: User, case: Case) -> bool:
    """Agents of the team that owns the case; operators too must join the team first."""
    return user.is_agent and user.team_memberships.filter(team_id=case.team_id).exists()


@transaction.atomic
def case_sensitive_reveal(
    *, actor: User, case: Case, reason: str, now: datetime | None = None
) -> dict[str, str]:
    now = now or timezone.now()
    if not may_reveal(actor, case):
        raise Forbidden("Only agents of the team that owns this case can see these details.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Say why you need to see the details.",
            [FieldError("reason", "required", "a reason is required")],
        )
    if len(reason) > MAX_REASON:
        raise ValidationFailed(
            "The reason is too long.",
            [FieldError("reason", "too_long", f"at most {MAX_REASON} characters")],
        )
    rows = list(SensitiveField.objects.filter(case=case).order_by("code"))
    values = {row.code: crypto.decrypt_text(row.ciphertext) for row in rows}
    audit_record(
        actor=actor,
        action="case.sensitive_revealed",
        obj=case,
        case=case,
        internal=True,
        after={"fields": sorted(values), "reason": reason},
        at=now,
    )
    return values
