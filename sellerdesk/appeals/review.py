"""The reviewers' side of an appeal: accept (reinstate), reject with structured reasons, or ask
for more information. Each decision is recorded on the appeal, written on the review case
(so its SLA clocks follow: a request for information pauses them until the seller answers)
and told to the seller in their language, in the app and by email."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.permissions import is_case_agent
from sellerdesk.cases.services import case_message_add, case_resolve
from sellerdesk.health.causes import cause_lift, cause_words
from sellerdesk.health.selectors import seller_members
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.notifications.services import notify

from .models import Appeal, AppealDecision, RejectionReason
from .selectors import appeal_link, is_reviewer

MAX_TEXT_LENGTH = 10_000


def _locked_for_review(actor: User, appeal: Appeal) -> Appeal:
    # Only the appeal row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of an
    # outer join (the case, which an appeal in self-service does not have yet).
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("cause", "seller", "case", "case__team")
        .get(pk=appeal.pk)
    )
    # Before the appeal reaches the reviewers it has no case: whoever may review appeals
    # then meets the 409 below, not a 403.
    allowed = is_reviewer(actor) if appeal.case is None else is_case_agent(actor, appeal.case)
    if not allowed:
        raise Forbidden("Only the Account Health team can decide on this appeal.")
    if appeal.status != Appeal.Status.IN_REVIEW:
        raise Conflict(
            "This appeal is not waiting for a decision.", extra={"status": appeal.status}
        )
    return appeal


def _text(text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationFailed(
            "Write to the seller what is needed.", [FieldError("text", "required", "required")]
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationFailed(
            "The message is too long.",
            [FieldError("text", "too_long", f"at most {MAX_TEXT_LENGTH} characters")],
        )
    return text


# Where each decision leaves the appeal.
STATUS_AFTER = {
    AppealDecision.Outcome.ACCEPT: Appeal.Status.ACCEPTED,
    AppealDecision.Outcome.REJECT: Appeal.Status.REJECTED,
    AppealDecision.Outcome.REQUEST_INFO: Appeal.Status.INFO_REQUESTED,
}


def _decide(
    appeal: Appeal,
    *,
    actor: User,
    outcome: str,
    text: str,
    now: datetime,
    reasons: Sequence[str] = (),
) -> AppealDecision:
    """Record the decision on the appeal, audit it and tell the seller (once, here: the case
    services were asked not to)."""
    reasons = list(reasons)
    status = STATUS_AFTER[outcome]
    version = appeal.versions.order_by("-number").first()
    decision = AppealDecision.objects.create(
        appeal=appeal,
        version=version,
        outcome=outcome,
        reasons=reasons,
        text=text,
        decided_by=actor,
        decided_at=now,
    )
    before = appeal.status
    appeal.status, appeal.updated_at = status, now
    fields = ["status", "updated_at"]
    if status in (Appeal.Status.ACCEPTED, Appeal.Status.REJECTED):
        appeal.decided_at = now
        fields.append("decided_at")
    appeal.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"appeal.{outcome}",
        obj=appeal,
        case=appeal.case,
        before={"status": before},
        after={
            "status": status,
            "version": version.number,
            "decision": decision.pk,
            **({"reasons": reasons} if reasons else {}),
        },
        at=now,
    )
    notify(
        recipients=seller_members(appeal.seller),
        kind=f"appeal.{outcome}",
        context={
            "appeal": appeal,
            "seller": appeal.seller,
            "decision": decision,
            "version": version.number,
            "reason_labels": _reason_labels(reasons),
            **cause_words(appeal.cause),
        },
        link=appeal_link(appeal),
        dedupe_key=f"appeal.decision:{decision.pk}",
        now=now,
    )
    return decision


def _reason_labels(codes: list[str]) -> list[dict]:
    rows = {r.code: r for r in RejectionReason.objects.filter(code__in=codes)}
    return [
        {"en": rows[c].label_en, "zh": rows[c].label_zh} if c in rows else {"en": c, "zh": c}
        for c in codes
    ]


def _close(
    appeal: Appeal,
    *,
    actor: User,
    outcome: str,
    text: str,
    now: datetime,
    reasons: Sequence[str] = (),
) -> None:
    """A final decision: the review case is resolved (through the appeal), then recorded."""
    case_resolve(
        actor=actor,
        case=appeal.case,
        body=text,
        notify_seller=False,
        by_workflow=True,
        now=now,
    )
    _decide(appeal, actor=actor, outcome=outcome, text=text, now=now, reasons=reasons)


def appeal_accept(
    *, actor: User, appeal: Appeal, text: str = "", now: datetime | None = None
) -> Appeal:
    """Reinstate: the cause is lifted (and with it its restrictions; the seller's status
    follows), the review case resolved, the seller told."""
    now = now or timezone.now()
    text = _text(text, required=False)
    with transaction.atomic():
        appeal = _locked_for_review(actor, appeal)
        # An operator may have lifted the cause meanwhile (the health API, the admin): the
        # appeal is still accepted and closed, with nothing left to lift.
        if appeal.cause.lifted_at is None:
            cause_lift(
                actor=actor,
                cause=appeal.cause,
                reason=text or f"Appeal {appeal.pk} accepted.",
                appeal=appeal.pk,
                now=now,
            )
        _close(appeal, actor=actor, outcome=AppealDecision.Outcome.ACCEPT, text=text, now=now)
    return appeal


def appeal_reject(
    *,
    actor: User,
    appeal: Appeal,
    reasons: Sequence[str],
    text: str = "",
    now: datetime | None = None,
) -> Appeal:
    """Reject with at least one reason from the operator's list; the cause stays. The seller
    may appeal again (a new appeal; copying this one's text is a warning)."""
    now = now or timezone.now()
    text = _text(text, required=False)
    reasons = list(dict.fromkeys(r.strip() for r in reasons if r and r.strip()))
    known = set(RejectionReason.objects.filter(active=True).values_list("code", flat=True))
    errors = [
        FieldError(f"reasons.{i}", "unknown", f"one of {', '.join(sorted(known))}")
        for i, r in enumerate(reasons)
        if r not in known
    ]
    if not reasons:
        errors.append(FieldError("reasons", "required", "give at least one reason"))
    if errors:
        raise ValidationFailed("Give the reasons for the rejection.", errors)
    with transaction.atomic():
        appeal = _locked_for_review(actor, appeal)
        _close(
            appeal,
            actor=actor,
            outcome=AppealDecision.Outcome.REJECT,
            text=text,
            now=now,
            reasons=reasons,
        )
    return appeal


def appeal_request_info(
    *, actor: User, appeal: Appeal, text: str, now: datetime | None = None
) -> Appeal:
    """Send the appeal back for more: the case waits on the seller (its clock pauses) until
    the seller sends a new version."""
    now = now or timezone.now()
    text = _text(text, required=True)
    with transaction.atomic():
        appeal = _locked_for_review(actor, appeal)
        case_message_add(
            actor=actor,
            case=appeal.case,
            body=text,
            request_info=True,
            notify_seller=False,
            by_workflow=True,
            now=now,
        )
        _decide(
            appeal, actor=actor, outcome=AppealDecision.Outcome.REQUEST_INFO, text=text, now=now
        )
    return appeal
