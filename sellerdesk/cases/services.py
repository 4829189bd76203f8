"""The only writers of cases and their messages. Each function is one transaction and leaves
one audit event per state change."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.lib.languages import language_error_message, normalise_language
from sellerdesk.sites.models import Site
from sellerdesk.sla import engine

from . import abuse, abuse_services, intake, lifecycle, notices
from .checklist import normalise_fields
from .deadlines import apply_sla
from .models import Case, CaseType, IdempotencyKey, Message
from .opening import case_open
from .permissions import is_case_agent, is_case_seller
from .transitions import move

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


def _conf(name: str) -> int:
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


def _text_errors(
    field: str, value: str | None, limit: int, required: bool = True
) -> list[FieldError]:
    value = (value or "").strip()
    if required and not value:
        return [FieldError(field, "required", f"{field} must not be empty")]
    if len(value) > limit:
        return [FieldError(field, "too_long", f"{field} must be at most {limit} characters")]
    return []


def _request_digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def case_create(
    *,
    actor: User,
    seller: Seller,
    site: str,
    case_type: str,
    subject: str,
    description: str,
    language: str | None = None,
    fields: dict | None = None,
    attachments: list[int] | None = None,
    idempotency_key: str | None = None,
    allow_duplicate: bool = False,
    not_duplicate_of: int | None = None,
    now: datetime | None = None,
) -> tuple[Case, bool]:
    """Open a case for ``seller``. Returns ``(case, created)``; ``created`` is False when an
    ``idempotency_key`` already produced this case (same key and same request).
    ``allow_duplicate`` skips the duplicate check (operators' and data tools' cases).
    ``language`` is a BCP 47 tag (``zh-CN``, ``en-US``, …); omitted, the actor's own.
    ``not_duplicate_of``: the seller says this case differs from that open case, which must be
    the duplicate found (anything else is still a 409); the case goes through, and the
    override is recorded in ``case.created`` and as an internal note for the agent."""
    now = now or timezone.now()
    fields = normalise_fields(fields)
    requested = actor.language if language is None else language
    language = normalise_language(requested) or ""
    payload = {
        "seller": seller.code,
        "site": site,
        "case_type": case_type,
        "subject": subject,
        "description": description,
        "language": language,
        "fields": fields,
        "attachments": sorted(attachments or []),
    }
    digest = _request_digest(payload)
    if idempotency_key:
        replay = _idempotent_replay(actor, idempotency_key, digest)
        if replay is not None:
            return replay, False

    errors: list[FieldError] = []
    if not actor.is_operator and not actor.seller_memberships.filter(seller=seller).exists():
        raise Forbidden("Only members of the seller can open its cases.")
    site_row = Site.objects.filter(code=(site or "").strip().upper(), active=True).first()
    if site_row is None:
        errors.append(FieldError("site", "unknown", f"unknown site {site!r}"))
    elif not seller.sites.filter(pk=site_row.pk).exists():
        errors.append(
            FieldError("site", "not_enrolled", f"seller does not sell on site {site_row.code}")
        )
    type_row = CaseType.objects.select_related("team").filter(code=case_type, active=True).first()
    if type_row is None:
        errors.append(FieldError("case_type", "unknown", f"unknown case type {case_type!r}"))
    elif type_row.workflow:
        errors.append(
            FieldError(
                "case_type",
                "not_opened_here",
                f"cases of type {case_type!r} are opened by their own workflow "
                f"({type_row.workflow}), not here",
            )
        )
        type_row = None
    elif not type_row.seller_can_open and not actor.is_operator:
        errors.append(
            FieldError(
                "case_type",
                "not_opened_here",
                f"cases of type {case_type!r} are not opened here (an appeal is sent from the "
                "account status page)",
            )
        )
        type_row = None
    errors += _text_errors("subject", subject, _conf("MAX_SUBJECT_LENGTH"))
    errors += _text_errors("description", description, _conf("MAX_TEXT_LENGTH"))
    if language not in LANGUAGE_CODES:
        errors.append(FieldError("language", "invalid", language_error_message(requested)))
    uploads, attachment_errors = intake.load_attachments(seller, attachments or [])
    errors += attachment_errors
    if type_row is not None:
        errors += intake.checklist_errors(type_row, fields, description or "", uploads)
    if errors:
        raise ValidationFailed("The case is incomplete or invalid.", errors)
    intake.check_case_size(uploads)
    try:
        restriction, override_of = intake.guard(
            seller=seller,
            case_type=type_row,
            subject=subject,
            description=description,
            fields=fields,
            now=now,
            allow_duplicate=allow_duplicate,
            not_duplicate_of=not_duplicate_of,
        )
    except Conflict:
        # A concurrent request with the same Idempotency-Key created this very case after
        # our first look: that is a replay, not a duplicate.
        replay = _idempotent_replay(actor, idempotency_key, digest) if idempotency_key else None
        if replay is None:
            raise
        return replay, False
    stored_fields, secrets = intake.split_sensitive(fields)

    try:
        with transaction.atomic():
            case = case_open(
                seller=seller,
                site=site_row,
                case_type=type_row,
                subject=subject.strip(),
                description=description.strip(),
                language=language,
                fields=stored_fields,
                created_by=actor,
                restricted=restriction is not None,
                now=now,
                audit_after={
                    "attachments": [a.pk for a in uploads],
                    "restricted": restriction is not None,
                    **({"duplicate_override_of": override_of} if override_of else {}),
                },
            )
            intake.attach(case, uploads, secrets)
            if override_of:
                _duplicate_override_note(case, override_of, now)
            if idempotency_key:
                IdempotencyKey.objects.create(
                    user=actor, key=idempotency_key, request_digest=digest, case=case
                )
    except IntegrityError:
        # Another request with the same Idempotency-Key committed first: answer with its case.
        if idempotency_key:
            replay = _idempotent_replay(actor, idempotency_key, digest)
            if replay is not None:
                return replay, False
        raise
    return case, True


# The agent's note on a case the seller opened over a duplicate warning (in the case's language).
DUPLICATE_OVERRIDE_NOTE = gettext_lazy(
    "The seller said this is a different problem from open case #%(number)s, which it looked "
    "like a duplicate of."
)


def _duplicate_override_note(case: Case, number: int, now: datetime) -> None:
    with translation.override(case.language or settings.LANGUAGE_CODE):
        body = str(DUPLICATE_OVERRIDE_NOTE) % {"number": number}
    Message.objects.create(
        case=case,
        author_kind=Message.Author.SYSTEM,
        kind=Message.Kind.SYSTEM,
        internal=True,
        body=body,
        created_at=now,
    )


def _idempotent_replay(actor: User, key: str, digest: str) -> Case | None:
    row = IdempotencyKey.objects.select_related("case").filter(user=actor, key=key).first()
    if row is None:
        return None
    if row.request_digest != digest:
        raise Conflict(
            "This Idempotency-Key was already used with a different request.",
            [FieldError("Idempotency-Key", "reused", "use a new key for a different request")],
        )
    return row.case


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
    return since is not None and now - since <= timedelta(days=_conf("REOPEN_WINDOW_DAYS"))


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
    errors = _text_errors("body", body, _conf("MAX_TEXT_LENGTH"), required=not attachments)
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
                    f"{_conf('REOPEN_WINDOW_DAYS')} days ago; please open a new case."
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
    errors = _text_errors("body", body, _conf("MAX_TEXT_LENGTH"), required=False)
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
            f"Case #{case.number} can be reopened up to {_conf('REOPEN_WINDOW_DAYS')} days after "
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
            body=reason.strip()[: _conf("MAX_TEXT_LENGTH")],
            created_at=now,
        )
    b, a = _diff(before, _snapshot(case))
    audit_record(
        actor=actor, action="case.reopened", obj=case, case=case, before=b, after=a, at=now
    )
    return case
