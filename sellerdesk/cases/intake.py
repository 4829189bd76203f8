"""Case intake around ``creation.case_create``: the checklist with attachments, the size of a
case's files, the abuse cap, duplicates, and sensitive values kept encrypted. Called from
``case_create`` inside its flow so a case is complete, once, from a seller in good standing."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.conf import settings

from sellerdesk.accounts.models import Seller
from sellerdesk.attachments.models import Attachment
from sellerdesk.lib import crypto
from sellerdesk.lib.errors import Conflict, FieldError, PayloadTooLarge

from . import abuse_services, checklist, duplicates
from .models import Case, CaseType, SensitiveField, SupportRestriction

MAX_ID = 2**63 - 1  # the largest primary key a BigAutoField holds


def _conf(name: str):
    return settings.SELLERDESK[name]


def load_attachments(seller: Seller, ids: list[int]) -> tuple[list[Attachment], list[FieldError]]:
    """The seller's own unattached uploads named by ``ids``; one error per other id."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    rows = {
        a.pk: a for a in Attachment.objects.filter(pk__in=ids, seller=seller, case__isnull=True)
    }
    errors = [
        FieldError(
            f"attachments.{i}", "unknown", f"attachment {a} is not an unattached upload of yours"
        )
        for i, a in enumerate(ids)
        if a not in rows
    ]
    return [rows[a] for a in ids if a in rows], errors


def load_message_attachments(
    *, actor, case: Case, ids: list[int], staff: bool, internal: bool
) -> tuple[list[Attachment], list[FieldError]]:
    """The files a message may carry; one error per other id, named ``attachments.N``.

    A seller names their seller's own uploads not yet on any case, as in intake. Staff name
    files they themselves uploaded onto this case (``POST /attachments`` with ``case``, or the
    console's form) that no message carries yet. An internal note carries only files still
    kept from the seller: a file the seller may already have seen cannot become internal."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    # An id no primary key can have is simply unknown (not an overflow in the database).
    storable = [i for i in ids if 0 < i <= MAX_ID]
    if staff:
        qs = Attachment.objects.filter(pk__in=storable, case=case, uploaded_by=actor)
        qs = qs.filter(message__isnull=True)
    else:
        qs = Attachment.objects.filter(pk__in=storable, seller_id=case.seller_id, case__isnull=True)
    rows = {a.pk: a for a in qs}
    errors = []
    for i, pk in enumerate(ids):
        row = rows.get(pk)
        if row is None:
            mine = "an upload of yours for this case" if staff else "an unattached upload of yours"
            errors.append(
                FieldError(f"attachments.{i}", "unknown", f"attachment {pk} is not {mine}")
            )
        elif staff and internal and not row.internal:
            errors.append(
                FieldError(
                    f"attachments.{i}",
                    "public",
                    f"attachment {pk} is visible to the seller; an internal note cannot carry it",
                )
            )
    return [rows[pk] for pk in ids if pk in rows], errors


def check_message_size(case: Case, attachments: list[Attachment]) -> None:
    """The case's files with the message's ones stay within the case's total."""
    named = [a.pk for a in attachments]
    used = Attachment.objects.filter(case=case).exclude(pk__in=named).values_list("size", flat=True)
    limit = _conf("CASE_ATTACHMENTS_MAX_BYTES")
    if sum(used) + sum(a.size for a in attachments) > limit:
        raise PayloadTooLarge(
            f"A case's files may total at most {limit // (1024 * 1024)} MB.",
            [FieldError("attachments", "too_large", f"at most {limit} bytes in all")],
        )


def attach_to_message(message, attachments: list[Attachment], *, staff: bool) -> None:
    """Put the files on the message (and its case) with a conditional update: a file another
    request took meanwhile makes this one fail instead of stealing it. The files take the
    message's visibility: an internal note's stay internal, a public message's are public."""
    if not attachments:
        return
    ids = [a.pk for a in attachments]
    free = {"case": message.case, "message__isnull": True} if staff else {"case__isnull": True}
    claimed = Attachment.objects.filter(pk__in=ids, **free).update(
        case=message.case, message=message, internal=message.internal
    )
    if claimed != len(ids):
        raise Conflict(
            "An attachment was used by another message meanwhile.",
            [FieldError("attachments", "taken", "upload the file again")],
        )


def checklist_errors(
    case_type: CaseType, fields: dict[str, str], description: str, attachments: list[Attachment]
) -> list[FieldError]:
    min_words = _conf("ENGLISH_EXPLANATION_MIN_WORDS")
    required = list(case_type.required_fields)
    if (
        "english_explanation" in required
        and not fields.get("english_explanation")
        and checklist.is_english(description, min_words)
    ):
        # A case written in English already is the explanation: no need to write it twice.
        required.remove("english_explanation")
    infos = [checklist.AttachmentInfo(a.content_type, a.slot) for a in attachments]
    return checklist.check_fields(required, fields, infos, english_min_words=min_words)


def check_case_size(attachments: list[Attachment]) -> None:
    limit = _conf("CASE_ATTACHMENTS_MAX_BYTES")
    if sum(a.size for a in attachments) > limit:
        raise PayloadTooLarge(
            f"A case's files may total at most {limit // (1024 * 1024)} MB.",
            [FieldError("attachments", "too_large", f"at most {limit} bytes in all")],
        )


class Guarded(NamedTuple):
    restriction: SupportRestriction | None
    duplicate_override_of: int | None  # the open case the seller said this one differs from


def open_duplicate(
    *, seller: Seller, case_type: CaseType, subject: str, description: str, fields: dict
) -> duplicates.Match | None:
    candidates = (
        Case.objects.filter(seller=seller, case_type=case_type, status__in=Case.OPEN_STATUSES)
        .order_by("-created_at")
        .values_list("number", "subject", "description", "fields")[: _conf("DUPLICATE_LOOKBACK")]
    )
    return duplicates.find_duplicate(
        duplicates.CaseText(None, subject, description, fields),
        (duplicates.CaseText(n, s, d, f or {}) for n, s, d, f in candidates),
        _conf("DUPLICATE_TEXT_THRESHOLD"),
    )


def guard(
    *,
    seller: Seller,
    case_type: CaseType,
    subject: str,
    description: str,
    fields: dict,
    now: datetime,
    allow_duplicate: bool = False,
    not_duplicate_of: int | None = None,
) -> Guarded:
    """Refuse a case beyond a restricted seller's daily cap (429) or one that repeats an open
    case (409 with ``duplicate_of``), unless the seller said it differs from exactly that case
    (``not_duplicate_of`` names the open case found; any other number is still a 409, naming
    the field). Returns the seller's running restriction, if any, and the case the seller
    overrode."""
    restriction = abuse_services.daily_cap_check(seller=seller, now=now)
    if allow_duplicate:
        return Guarded(restriction, None)
    match = open_duplicate(
        seller=seller,
        case_type=case_type,
        subject=subject,
        description=description,
        fields=fields,
    )
    if match is None:
        return Guarded(restriction, None)
    if not_duplicate_of is not None and not_duplicate_of == match.number:
        return Guarded(restriction, match.number)
    errors = [FieldError("case", "duplicate", f"duplicate of open case {match.number}")]
    if not_duplicate_of is not None:
        errors.append(
            FieldError(
                "not_duplicate_of",
                "mismatch",
                f"the open case this repeats is {match.number}, not {not_duplicate_of}",
            )
        )
    raise Conflict(
        f"Case #{match.number} is already open for this problem; add to it instead.",
        errors,
        extra={"duplicate_of": match.number, "matched_on": match.reason},
    )


def split_sensitive(fields: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(what the case row keeps: sensitive values masked, the sensitive values)."""
    public = {
        code: (checklist.mask(v) if code in checklist.SENSITIVE_FIELDS else v)
        for code, v in fields.items()
    }
    secret = {code: v for code, v in fields.items() if code in checklist.SENSITIVE_FIELDS}
    return public, secret


def attach(case: Case, attachments: list[Attachment], secrets: dict[str, str]) -> None:
    """Link the uploads and keep the sensitive values encrypted. A conditional update: an
    upload another request attached meanwhile makes this one fail instead of stealing it."""
    if attachments:
        claimed = Attachment.objects.filter(
            pk__in=[a.pk for a in attachments], case__isnull=True
        ).update(case=case)
        if claimed != len(attachments):
            raise Conflict(
                "An attachment was used by another case meanwhile.",
                [FieldError("attachments", "taken", "upload the file again")],
            )
    SensitiveField.objects.bulk_create(
        SensitiveField(case=case, code=code, ciphertext=crypto.encrypt_text(value))
        for code, value in secrets.items()
    )
