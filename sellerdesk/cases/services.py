"""The only writers of cases and their messages. Each function is one transaction and leaves
one audit event per state change."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.sla import engine

from . import abuse, abuse_services, intake, lifecycle, notices
from .deadlines import apply_sla
from .models import Case, Message
from .permissions import is_case_agent, is_case_seller
from .transitions import move


def conf(name: str) -> int:
    return settings.SELLERDESK[name]


def _snapshot(case: Case) -> dict:
    return {
        "status": case.status,
        "assignee": case.assignee.email if case.assignee else None,
        "first_response_at": case.first_response_at,
        "resolved_at": case.resolved_at,
        "due_at": case.due_at,
    }


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def text_errors(
    field: str, value: str | None, limit: int, required: bool = True
) -> list[FieldError]:
    value = (value or "").strip()
    if required and not value:
        return [FieldError(field, "required", f"{field} must not be empty")]
    if len(value) > limit:
        return [FieldError(field, "too_long", f"{field} must be at most {limit} characters")]
    return []


def workflow_guard(case: Case, *, by_workflow: bool, doing: str) -> None:
    """A case its type's workflow owns (an appeal's review) changes there, not here: the
    appeal and its case would otherwise part ways (a case resolved under an appeal still in
    review, a seller's reply the appeal never sees)."""
    if case.case_type.workflow and not by_workflow:
        raise Conflict(
            f"Case #{case.number} belongs to its {case.case_type.workflow}: {doing} there.",
            extra={"workflow": case.case_type.workflow},
        )


def _locked(case: Case) -> Case:
    """Re-read the case inside the transaction, locked where the database can, so two
    concurrent events on one case apply one after the other."""
    return Case.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=case.pk)


def _stop_next_response_clock(case: Case) -> None:
    """An agent's public message answers the seller: the next-response clock stops."""
    case.next_response_started_at = None
    case.next_response_breached_at = None
    case.sla_warned = engine.without_next_response_warnings(case.sla_warned)


def _within_reopen_window(case: Case, now: datetime) -> bool:
    since = case.resolved_at or case.closed_at
    return since is not None and now - since <= timedelta(days=conf("REOPEN_WINDOW_DAYS"))


@transaction.atomic
def case_message_add(
    *,
    actor: User,
    case: Case,
    body: str,
    internal: bool = False,
    request_info: bool = False,
    attachments: list[int] | None = None,
    notify_seller: bool = True,
    by_workflow: bool = False,
    now: datetime | None = None,
) -> Message:
    """A reply from the seller or an agent, an agent's internal note, or an agent's request for
    information. An agent's public message meets the first response; a note does not.
    ``notify_seller`` False: the caller sends its own notice (an appeal's decision does).
    ``by_workflow``: the workflow owning the case's type writes (see ``workflow_guard``).

    ``attachments`` are files the message carries (``intake.load_message_attachments`` says
    which a seller and which staff may name); with files the body may be empty."""
    now = now or timezone.now()
    attachments = list(attachments or [])
    errors = text_errors("body", body, conf("MAX_TEXT_LENGTH"), required=not attachments)
    if errors:
        raise ValidationFailed("The message is empty or too long.", errors)
    case = _locked(case)
    before = _snapshot(case)
    staff = is_case_agent(actor, case)
    if request_info or not staff:
        # Requests for information and the seller's answers go through the workflow (a new
        # version of the appeal); agents' replies and notes are fine.
        workflow_guard(case, by_workflow=by_workflow, doing="answer and ask")
    if staff:
        author_kind = Message.Author.AGENT
        if internal and request_info:
            raise ValidationFailed(
                "A request for information is sent to the seller; it cannot be internal.",
                [
                    FieldError(
                        "internal", "conflict", "internal and request_info exclude each other"
                    )
                ],
            )
        if internal:
            kind, event = Message.Kind.NOTE, lifecycle.Event.INTERNAL_NOTE
        elif request_info:
            kind, event = Message.Kind.REQUEST_INFO, lifecycle.Event.REQUEST_INFO
        else:
            kind, event = Message.Kind.REPLY, lifecycle.Event.AGENT_REPLY
        move(case, event, now)
        if not internal:
            if case.first_response_at is None:
                case.first_response_at = now
            _stop_next_response_clock(case)
    elif is_case_seller(actor, case):
        if internal or request_info:
            raise Forbidden("Sellers cannot write internal notes or requests for information.")
        author_kind, kind = Message.Author.SELLER, Message.Kind.REPLY
        if case.status in lifecycle.FINISHED:
            if not _within_reopen_window(case, now):
                raise Conflict(
                    f"Case #{case.number} was resolved more than "
                    f"{conf('REOPEN_WINDOW_DAYS')} days ago; please open a new case."
                )
            move(case, lifecycle.Event.REOPEN, now)
            case.resolved_at = case.closed_at = None
            case.close_reason = ""
        else:
            move(case, lifecycle.Event.SELLER_REPLY, now)
        if case.first_response_at is not None and case.next_response_started_at is None:
            case.next_response_started_at = now
    else:
        raise Forbidden("You cannot write on this case.")
    files: list = []
    if attachments:
        files, file_errors = intake.load_message_attachments(
            actor=actor, case=case, ids=attachments, staff=staff, internal=internal
        )
        if file_errors:
            raise ValidationFailed("Some files cannot go with this message.", file_errors)
        intake.check_message_size(case, files)
    apply_sla(case, now)
    case.updated_at = now
    case.save()
    message = Message.objects.create(
        case=case,
        author=actor,
        author_kind=author_kind,
        kind=kind,
        body=body.strip(),
        internal=internal,
        created_at=now,
    )
    intake.attach_to_message(message, files, staff=staff)
    b, a = _diff(before, _snapshot(case))
    if files:
        a["attachments"] = [f.pk for f in files]
    audit_record(
        actor=actor,
        action=f"case.{kind}_added",
        obj=case,
        case=case,
        before=b,
        after={**a, "message": message.pk},
        internal=internal,
        at=now,
    )
    if notify_seller or message.author_kind != Message.Author.AGENT:
        notices.notice_for_message(case, message)
    return message


@transaction.atomic
def case_assign(
    *, actor: User, case: Case, assignee: User | None, now: datetime | None = None
) -> Case:
    """Take a case (assignee = actor) or give it to a member of its team; ``None`` unassigns."""
    now = now or timezone.now()
    case = _locked(case)
    if not is_case_agent(actor, case):
        raise Forbidden("Only staff of the owning team can assign this case.")
    if assignee is not None and not (
        assignee.is_agent and assignee.team_memberships.filter(team_id=case.team_id).exists()
    ):
        raise ValidationFailed(
            "The assignee is not in the team that owns this case.",
            [FieldError("assignee", "not_in_team", f"{assignee.email} is not in the owning team")],
        )
    before = _snapshot(case)
    if assignee is not None and case.is_open:
        move(case, lifecycle.Event.TAKE, now)
    case.assignee = assignee
    case.updated_at = now
    case.save()
    b, a = _diff(before, _snapshot(case))
    if a:
        audit_record(
            actor=actor, action="case.assigned", obj=case, case=case, before=b, after=a, at=now
        )
    return case


@transaction.atomic
def case_resolve(
    *,
    actor: User,
    case: Case,
    body: str = "",
    close_reason: str = "resolved",
    notify_seller: bool = True,
    by_workflow: bool = False,
    now: datetime | None = None,
) -> Case:
    """Resolve a case. ``close_reason`` invalid, duplicate or spam counts against the seller
    (cases/abuse.py) and may downgrade their support. ``notify_seller`` False: the caller
    sends its own notice."""
    now = now or timezone.now()
    case = _locked(case)
    if not is_case_agent(actor, case):
        raise Forbidden("Only staff of the owning team can resolve this case.")
    workflow_guard(case, by_workflow=by_workflow, doing="decide")
    close_reason = (close_reason or "resolved").strip()
    errors = text_errors("body", body, conf("MAX_TEXT_LENGTH"), required=False)
    if close_reason not in abuse.CLOSE_REASONS:
        errors.append(
            FieldError("close_reason", "invalid", f"one of {', '.join(abuse.CLOSE_REASONS)}")
        )
    if errors:
        raise ValidationFailed("The resolution message is too long.", errors)
    before = _snapshot(case)
    move(case, lifecycle.Event.RESOLVE, now)
    case.resolved_at = now
    case.close_reason = close_reason
    _stop_next_response_clock(case)
    message = None
    if (body or "").strip():
        message = Message.objects.create(
            case=case,
            author=actor,
            author_kind=Message.Author.AGENT,
            kind=Message.Kind.RESOLUTION,
            body=body.strip(),
            created_at=now,
        )
        if case.first_response_at is None:
            case.first_response_at = now
    apply_sla(case, now)
    case.updated_at = now
    case.save()
    b, a = _diff(before, _snapshot(case))
    audit_record(
        actor=actor,
        action="case.resolved",
        obj=case,
        case=case,
        before=b,
        after={**a, "close_reason": close_reason},
        at=now,
    )
    if notify_seller:
        notices.notice_resolved(case, message)
    if close_reason in abuse.BAD_REASONS:
        abuse_services.abuse_evaluate(seller=case.seller, now=now)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str = "", now: datetime | None = None) -> Case:
    now = now or timezone.now()
    case = _locked(case)
    if not (is_case_seller(actor, case) or is_case_agent(actor, case)):
        raise Forbidden("You cannot reopen this case.")
    workflow_guard(case, by_workflow=False, doing="appeal again")
    if case.status in lifecycle.FINISHED and not _within_reopen_window(case, now):
        raise Conflict(
            f"Case #{case.number} can be reopened up to {conf('REOPEN_WINDOW_DAYS')} days after "
            "it was resolved; please open a new case."
        )
    before = _snapshot(case)
    move(case, lifecycle.Event.REOPEN, now)
    case.resolved_at = case.closed_at = None
    case.close_reason = ""  # a reopened case no longer counts against the seller
    if case.first_response_at is not None:
        case.next_response_started_at = now  # the seller waits for support again
    apply_sla(case, now)
    case.updated_at = now
    case.save()
    if (reason or "").strip():
        Message.objects.create(
            case=case,
            author=actor,
            author_kind=Message.Author.SELLER if actor.is_seller else Message.Author.AGENT,
            body=reason.strip()[: conf("MAX_TEXT_LENGTH")],
            created_at=now,
        )
    b, a = _diff(before, _snapshot(case))
    audit_record(
        actor=actor, action="case.reopened", obj=case, case=case, before=b, after=a, at=now
    )
    return case
