"""Shapes of appeals in the JSON API, and how an appeal is shown to one viewer.

A finding's ``message`` is in the caller's language (``Accept-Language``); the seller's Chinese
draft (``draft_zh``) is shown to the seller only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

from sellerdesk.accounts.models import User
from sellerdesk.lib.api_types import InputSchema, IsoDate, Text
from sellerdesk.lib.labels import is_chinese

from . import quality
from .evidence import MAX_ADDRESS_LENGTH, MAX_SUPPLIER_LENGTH
from .models import Appeal, AppealDecision, AppealEvidence, AppealVersion
from .review import MAX_TEXT_LENGTH
from .services import MAX_SECTION_LENGTH


def _json_integer(value: Any) -> Any:
    """A JSON integer (``type: integer`` takes 7 and 7.0 alike); pydantic alone would also read
    the string "7" and true as 7, which the schema does not allow."""
    if isinstance(value, bool | str | bytes):
        raise ValueError("must be an integer")
    return value


# Field before the validator: after it, pydantic writes its own "ge"/"le" keys into the
# OpenAPI instead of JSON Schema's minimum/maximum, and clients and fuzzers ignore them.
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_json_integer)]
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
Section = Annotated[Text, Field(max_length=MAX_SECTION_LENGTH)]

# Text holding something besides whitespace (what ``str.strip()`` removes) and NUL: the
# services refuse a blank required text with 422, and the schema says so. The characters are
# spelled out because ECMA-262's ``\s`` and Python's differ.
_SPACE = (
    "\\t\\n\\u000b\\f\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680"
    "\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
NOT_BLANK_PATTERN = f"^[^\\u0000]*[^\\u0000{_SPACE}][^\\u0000]*$"

# --- input ----------------------------------------------------------------------------------


class EvidenceItemIn(InputSchema):
    attachment: Id = Field(description="An id from `POST /attachments`: your own upload.")
    requirement: Text = Field(
        "",
        description="The evidence requirement the file answers (`invoices`, …); the "
        "requirements of a cause are named in a 422 for a wrong one. Empty or left out: the "
        "only requirement that applies, as for a bare id.",
    )
    document_date: IsoDate | None = Field(None, description="The date printed on the document.")
    supplier_name: Text = Field(
        "", max_length=MAX_SUPPLIER_LENGTH, description="As printed on an invoice."
    )
    supplier_address: Text = Field(
        "", max_length=MAX_ADDRESS_LENGTH, description="As printed on an invoice."
    )


def _bare_id(value: Any) -> Any:
    """A bare attachment id is the item ``{"attachment": id}``. Read as one item type rather
    than a union, an error names the member (``evidence.N.supplier_name``), not pydantic's
    union branches (``evidence.N.function-wrap[…].supplier_name``)."""
    if (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    ):
        return {"attachment": value}
    if isinstance(value, dict | EvidenceItemIn):
        return value
    raise ValueError("must be an attachment id or an object with `attachment`")


def _ids_or_items(schema: dict) -> None:
    schema["items"] = {
        "anyOf": [ID_SCHEMA, schema["items"]],
        "description": "An attachment id (for the only requirement that applies; 422 on "
        "`evidence.N.requirement` when more than one applies), or the file with what it is "
        "for and what it states.",
    }


EvidenceIn = Annotated[EvidenceItemIn, BeforeValidator(_bare_id)]


class DraftZhIn(InputSchema):
    root_cause: Section = ""
    corrective_actions: Section = ""
    preventive_measures: Section = ""


class VersionIn(InputSchema):
    root_cause: Section = Field("", description="What went wrong, when, on which orders/listings.")
    corrective_actions: Section = Field("", description="What you have already done to fix it.")
    preventive_measures: Section = Field(
        "", description="What stops it happening again: who does it and how often."
    )
    draft_zh: DraftZhIn | None = Field(
        None, description="Your own Chinese draft of the sections, kept beside the English."
    )
    evidence: list[EvidenceIn] = Field(default_factory=list, json_schema_extra=_ids_or_items)


class AppealIn(VersionIn):
    cause: Id | None = Field(
        None, description="A cause id from `GET /sellers/{seller_code}/status`."
    )
    reason_code: Text | None = Field(
        None, description="Instead of `cause`: the reason code of one active cause."
    )
    seller_code: Text | None = Field(
        None,
        description="With `reason_code`, when the caller belongs to several sellers.",
    )


class CheckIn(AppealIn):
    appeal: Id | None = Field(
        None,
        description="Check a new version of this appeal (its cause; its files may be named "
        "again) instead of a new appeal.",
    )


class AcceptIn(InputSchema):
    text: Text = Field(
        "", max_length=MAX_TEXT_LENGTH, description="Optional message to the seller."
    )


class RejectIn(InputSchema):
    # minItems only in the document: the service's 422 (`reasons`, `required`) stays the one
    # answer for an empty list, whichever way it is written.
    reasons: list[Text] = Field(
        description="Codes from `GET /appeal-rejection-reasons`; at least one.",
        json_schema_extra={"minItems": 1},
    )
    text: Text = Field(
        "", max_length=MAX_TEXT_LENGTH, description="Optional message to the seller."
    )


class RequestInfoIn(InputSchema):
    text: Text = Field(
        max_length=MAX_TEXT_LENGTH,
        description="What the seller must add; required, not blank.",
        json_schema_extra={"pattern": NOT_BLANK_PATTERN},
    )


class AppealQuery(Schema):
    status: list[Text] | None = Field(
        None,
        description="Repeat or comma-separate: `self_service`, `in_review`, `info_requested`, "
        "`accepted`, `rejected`.",
    )
    seller_code: Text | None = None
    cursor: Text | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(50, ge=1, le=100)

    def statuses(self) -> list[str] | None:
        if not self.status:
            return None
        return [s.strip() for item in self.status for s in item.split(",") if s.strip()]


# --- output ---------------------------------------------------------------------------------


class FindingOut(Schema):
    section: str = Field(
        description="`root_cause`, `corrective_actions`, `preventive_measures` or `evidence`."
    )
    code: str
    blocking: bool = Field(description="Whether the appeal cannot be sent as it is.")
    sentence: str = Field(description="The sentence, file or requirement the finding is about.")
    requirement: str = Field(description="For evidence: the requirement's code.")
    message: str = Field(description="What to change, in the caller's language.")


class CheckOut(Schema):
    blocking: bool
    findings: list[FindingOut]


class CauseBriefOut(Schema):
    id: int
    kind: str = Field(description="`review`, `restriction` or `deactivation`.")
    reason_code: str
    marketplace: str
    since: datetime
    restrictions: list[str]
    appealable: bool
    lifted_at: datetime | None


class StepOut(Schema):
    kind: Literal["read", "evidence"]
    key: str = Field(description="The article key, or the evidence requirement code.")
    detail: str


class EvidenceOut(Schema):
    id: int
    attachment: int = Field(description="The upload's id: name it again in a new version.")
    requirement: str
    filename: str
    content_type: str
    size: int
    document_date: date | None
    supplier_name: str
    supplier_address: str
    url: str = Field(description="Where to download the file (this API).")


class VersionOut(Schema):
    number: int
    root_cause: str
    corrective_actions: str
    preventive_measures: str
    draft_zh: dict[str, str] | None = Field(description="Shown to the seller only (else null).")
    findings: list[FindingOut] = Field(description="The quality check when it was sent.")
    created_at: datetime
    evidence: list[EvidenceOut]


class VersionCreatedOut(VersionOut):
    warnings: list[FindingOut] = Field(description="The non-blocking findings.")


class DecisionOut(Schema):
    outcome: Literal["accept", "reject", "request_info"]
    reasons: list[str] = Field(description="Rejection reason codes.")
    text: str
    version: int = Field(description="The version number decided on.")
    decided_at: datetime


class AppealItemOut(Schema):
    id: int
    seller_code: str
    cause: CauseBriefOut
    status: str = Field(
        description="`self_service`, `in_review`, `info_requested`, `accepted` or `rejected`."
    )
    case: int | None = Field(description="The review case's number, once in review.")
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


class AppealOut(AppealItemOut):
    steps_left: list[StepOut] = Field(
        description="Self-service steps still to do before the appeal reaches the reviewers."
    )
    versions: list[VersionOut]
    decisions: list[DecisionOut]


class AppealCreatedOut(AppealOut):
    warnings: list[FindingOut] = Field(description="The non-blocking findings.")


class AppealListOut(Schema):
    items: list[AppealItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class RejectionReasonOut(Schema):
    code: str
    label: str = Field(description="In the caller's language.")


# --- serialising ----------------------------------------------------------------------------


def finding_out(finding: dict, language: str) -> dict:
    """A stored finding (``findings.finding_dict``) for a reader of ``language``."""
    message = finding.get("message", "")
    if is_chinese(language):
        message = finding.get("message_zh") or message
    return {
        "section": finding.get("section", ""),
        "code": finding.get("code", ""),
        "blocking": bool(finding.get("blocking")),
        "sentence": finding.get("sentence", ""),
        "requirement": finding.get("requirement", "") or "",
        "message": message,
    }


def live_finding_out(finding: quality.Finding) -> dict:
    """A finding just made, in the active language."""
    return {
        "section": finding.section,
        "code": finding.code,
        "blocking": finding.blocking,
        "sentence": finding.sentence,
        "requirement": finding.requirement,
        "message": str(finding.message),
    }


def evidence_out(appeal_id: int, row: AppealEvidence) -> dict:
    a = row.attachment
    return {
        "id": row.pk,
        "attachment": row.attachment_id,
        "requirement": row.requirement,
        "filename": a.filename,
        "content_type": a.content_type,
        "size": a.size,
        "document_date": row.document_date,
        "supplier_name": row.supplier_name,
        "supplier_address": row.supplier_address,
        "url": f"/api/v1/appeals/{appeal_id}/evidence/{row.pk}",
    }


def version_out(viewer: User, version: AppealVersion, language: str) -> dict:
    return {
        "number": version.number,
        "root_cause": version.root_cause,
        "corrective_actions": version.corrective_actions,
        "preventive_measures": version.preventive_measures,
        "draft_zh": dict(version.draft_zh or {}) if viewer.is_seller else None,
        "findings": [finding_out(f, language) for f in version.findings or []],
        "created_at": version.created_at,
        "evidence": [evidence_out(version.appeal_id, e) for e in version.evidence.all()],
    }


def appeal_item_out(appeal: Appeal) -> dict:
    cause = appeal.cause
    return {
        "id": appeal.pk,
        "seller_code": appeal.seller.code,
        "cause": {
            "id": cause.pk,
            "kind": cause.kind,
            "reason_code": cause.reason_code,
            "marketplace": cause.marketplace,
            "since": cause.since,
            "restrictions": list(cause.restrictions or []),
            "appealable": cause.appealable,
            "lifted_at": cause.lifted_at,
        },
        "status": appeal.status,
        "case": appeal.case.number if appeal.case_id else None,
        "created_at": appeal.created_at,
        "submitted_at": appeal.submitted_at,
        "decided_at": appeal.decided_at,
    }


def decision_out(decision: AppealDecision, numbers: dict[int, int]) -> dict:
    return {
        "outcome": decision.outcome,
        "reasons": list(decision.reasons or []),
        "text": decision.text,
        "version": numbers.get(decision.version_id, 0),
        "decided_at": decision.decided_at,
    }


def appeal_out(
    viewer: User,
    appeal: Appeal,
    *,
    steps: list,
    language: str,
) -> dict:
    versions = list(appeal.versions.all())
    numbers = {v.pk: v.number for v in versions}
    return {
        **appeal_item_out(appeal),
        "steps_left": [{"kind": s.kind, "key": s.key, "detail": s.detail} for s in steps],
        "versions": [version_out(viewer, v, language) for v in versions],
        "decisions": [decision_out(d, numbers) for d in appeal.decisions.all()],
    }
