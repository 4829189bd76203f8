"""A seller or an operator opens a case: the checks of what the opener may do and what the case
must hold (site, type, texts, language, checklist, files), the duplicate and abuse guards, an
``Idempotency-Key`` replayed, then ``opening.case_open``. Apart from ``services.py``, which
writes cases once they exist."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from sellerdesk.accounts.models import Seller, User
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.lib.languages import language_error_message, normalise_language
from sellerdesk.sites.models import Site

from . import intake
from .checklist import normalise_fields
from .models import Case, CaseType, IdempotencyKey, Message
from .opening import case_open
from .services import conf, text_errors

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


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
    errors += text_errors("subject", subject, conf("MAX_SUBJECT_LENGTH"))
    errors += text_errors("description", description, conf("MAX_TEXT_LENGTH"))
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
