"""Shapes of case types and cases in the JSON API, and how a case is shown to one viewer.

A seller never sees internal notes or internal events (the selectors drop them) nor the email
addresses of support staff: staff appear by name, or as "Support".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from sellerdesk.accounts.models import User
from sellerdesk.audit.models import AuditEvent
from sellerdesk.lib.api_types import InputSchema, Text
from sellerdesk.lib.labels import in_language
from sellerdesk.sla.engine import Targets

from . import sla
from .checklist import FIELD_SPECS, GROUPS
from .models import Case, CaseType, Message

SUPPORT = "Support"
SYSTEM = "System"

# --- case types -----------------------------------------------------------------------------


class Names(Schema):
    en: str
    zh: str


class TeamOut(Schema):
    code: str
    name: Names


class ChecklistItemOut(Schema):
    field: str = Field(description="Key to send in the case's `fields`.")
    label: Names
    format: str = Field(description="What a valid value looks like, for people.")
    pattern: str = Field(
        description="Regular expression a valid value matches (empty for a group such as "
        "`bank_details`, `screenshot` or `id_documents`, satisfied by other fields or files)."
    )
    required: bool


class TargetsOut(Schema):
    first_response_hours: float
    next_response_hours: float = Field(description="From a seller's reply to the next answer.")
    resolution_hours: float


class TierTargetsOut(Schema):
    standard: TargetsOut
    premium: TargetsOut


class CaseTypeOut(Schema):
    code: str
    name: Names
    team: TeamOut = Field(description="The team a case of this type is routed to.")
    checklist: list[ChecklistItemOut] = Field(
        description="Evidence fields: the required ones first, then optional ones accepted."
    )
    sla: TierTargetsOut = Field(
        description="Targets per support tier, in running hours of the handling team's "
        "business calendar (24×7 where it has none); waiting on the seller pauses them."
    )


def _hours(value: timedelta) -> float:
    return round(value.total_seconds() / 3600, 2)


def _checklist_item(code: str, required: bool) -> dict:
    spec = FIELD_SPECS.get(code) or GROUPS[code]
    return {
        "field": code,
        "label": {"en": in_language(spec.label, "en"), "zh": in_language(spec.label, "zh-hans")},
        "format": spec.format_hint,
        # Groups (bank_details, screenshot, id_documents) are satisfied by other fields or by
        # attachments: no pattern of their own.
        "pattern": spec.pattern.pattern if code in FIELD_SPECS else "",
        "required": required,
    }


def case_type_out(case_type: CaseType, targets: dict[str, Targets]) -> dict:
    required = [c for c in case_type.required_fields if c in FIELD_SPECS or c in GROUPS]
    optional = [c for c in FIELD_SPECS if c not in required]
    checklist = [_checklist_item(code, code in required) for code in (*required, *optional)]
    team = case_type.team
    return {
        "code": case_type.code,
        "name": {"en": case_type.name_en, "zh": case_type.name_zh},
        "team": {"code": team.code, "name": {"en": team.name_en, "zh": team.name_zh}},
        "checklist": checklist,
        "sla": {
            tier: {
                "first_response_hours": _hours(t.first_response),
                "next_response_hours": _hours(t.next_response),
                "resolution_hours": _hours(t.resolution),
            }
            for tier, t in targets.items()
        },
    }


# --- input ----------------------------------------------------------------------------------

Ordering = Literal["-created_at", "created_at", "due", "-updated_at"]


class CaseIn(InputSchema):
    seller_code: Text | None = Field(
        None,
        description="Required when the caller belongs to several sellers (and for operators).",
    )
    case_type: Text = Field(description="A code from `GET /case-types`.")
    site: Text = Field(description="Marketplace site code the seller sells on, e.g. `US`.")
    subject: Text
    description: Text
    language: Text | None = Field(
        None,
        description="The case's language: a BCP 47 tag, any case, for English (`en`, `en-US`, "
        "`en-GB`, …) or Chinese (`zh`, `zh-CN`, `zh-Hans`, `zh-Hans-CN`, `zh-SG`; Traditional "
        "`zh-TW`, `zh-Hant`, `zh-HK` are taken as Simplified, the only Chinese there is). "
        "Stored as `en` or `zh-hans`. Omitted (or null): the caller's preferred language "
        "(`language` of `GET /me`). Any other language is 422.",
        examples=["zh-CN"],
    )
    fields: dict[Text, Text | None] = Field(
        default_factory=dict,
        description='Checklist evidence, e.g. `{"order_id": "113-1234567-1234567"}`. Bank '
        "details and ID numbers are stored encrypted and shown masked (last four characters).",
    )
    attachments: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list,
        description="Ids from `POST /attachments`: the seller's own uploads not yet on a case.",
    )
    not_duplicate_of: int | None = Field(
        None,
        ge=1,
        description="After a 409 with `duplicate_of`: that case's number, to say this is a "
        "different problem. It must be the open case the duplicate check finds (another "
        "number is the same 409, with an error on this field); the case is then opened and "
        "the override is recorded for the support team. Ignored when no duplicate is found.",
    )


class MessageIn(InputSchema):
    body: Text = Field(description='May be empty (`""`) when the message carries files.')
    internal: bool = Field(False, description="An internal note (support staff only).")
    request_info: bool = Field(
        False, description="Ask the seller for information (support staff only)."
    )
    attachments: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list,
        description="Ids from `POST /attachments` the message carries: a seller's own uploads "
        "not yet on a case; staff's own uploads onto this case (with `case`) not yet on a "
        "message (for an internal note, uploaded with `internal`).",
    )


class AssignIn(InputSchema):
    assignee: Text | None = Field(
        description="Email of a member of the owning team; null unassigns."
    )


class ResolveIn(InputSchema):
    body: Text = Field("", description="Optional resolution message sent to the seller.")
    close_reason: Literal["resolved", "invalid", "duplicate", "spam"] = Field(
        "resolved",
        description="`invalid`, `duplicate` and `spam` count against the seller: too many in "
        "the window (5 in 30 days by default) downgrade their support for a cooling period.",
    )


class MoveIn(InputSchema):
    team: Text | None = Field(
        None, description="Code of the team to move to; omitted: the case type's team."
    )
    case_type: Text | None = Field(
        None, description="Code of the case type to move to; omitted: keep the case type."
    )
    reason: Text = Field(description="Why the case moves; kept in its history (staff only).")


class ReopenIn(InputSchema):
    reason: Text = Field("", description="Optional reason, added to the case as a message.")


class EscalateIn(InputSchema):
    reason: Text = Field("", description="Optional: why this cannot wait, sent to the team.")


class CaseQuery(Schema):
    status: list[Text] | None = Field(
        None, description="Repeat or comma-separate: `new`, `open`, `awaiting_seller`, …"
    )
    case_type: Text | None = None
    team: Text | None = None
    site: Text | None = None
    tier: Text | None = None
    breached: bool | None = Field(None, description="Only cases past (or within) a deadline.")
    escalated: bool | None = Field(
        None, description="Only escalated cases (the team lead's queue), or only the others."
    )
    assignee: Text | None = Field(None, description="An email, `me` or `none`.")
    q: Text | None = Field(None, description="Case number or words of the subject.")
    ordering: Ordering = Field("-created_at", description="`due`: soonest deadline first.")
    cursor: Text | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(50, ge=1, le=100)

    def statuses(self) -> list[str] | None:
        if not self.status:
            return None
        return [s.strip() for item in self.status for s in item.split(",") if s.strip()]


# --- output ---------------------------------------------------------------------------------


class PersonOut(Schema):
    name: str
    email: str | None = Field(description="Hidden (null) when a seller looks at support staff.")


class TargetStateOut(Schema):
    state: Literal["none", "on_track", "at_risk", "paused", "met", "breached"] = Field(
        description="`none`: no clock runs; `at_risk`: past the warning share of the target; "
        "`paused`: waiting on the seller."
    )
    due_at: datetime | None
    met_at: datetime | None
    breached_at: datetime | None


class SlaOut(Schema):
    first_response: TargetStateOut
    next_response: TargetStateOut
    resolution: TargetStateOut


class MessageFileOut(Schema):
    id: int = Field(description="Download with `GET /attachments/{id}`.")
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    author: PersonOut | None
    author_kind: str = Field(description="`seller`, `agent` or `system`.")
    kind: str = Field(description="`reply`, `note`, `request_info`, `resolution` or `system`.")
    body: str
    internal: bool
    created_at: datetime
    attachments: list[MessageFileOut] = Field(description="The files the message carries.")


class EventOut(Schema):
    at: datetime
    actor: str = Field(description="Who did it; for sellers staff show by name or `Support`.")
    action: str
    before: dict[str, Any]
    after: dict[str, Any]


class CaseItemOut(Schema):
    number: int
    seller_code: str
    site: str
    case_type: str
    team: str
    status: str
    tier: str
    priority: str
    assignee: PersonOut | None
    subject: str
    description: str
    language: str
    fields: dict[str, str]
    attachments: list[int] = Field(
        description="Ids of the case's files; download with `GET /attachments/{id}`."
    )
    created_at: datetime
    updated_at: datetime
    first_response_due_at: datetime | None
    first_response_at: datetime | None
    next_response_due_at: datetime | None
    resolution_due_at: datetime | None
    resolved_at: datetime | None
    sla: SlaOut
    escalated_at: datetime | None
    duplicate_of: int | None = Field(description="Number of the case this one duplicates.")


class CaseOut(CaseItemOut):
    messages: list[MessageOut]
    events: list[EventOut]


class CaseListOut(Schema):
    items: list[CaseItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


def _person(viewer: User, user: User | None) -> dict | None:
    if user is None:
        return None
    if viewer.is_seller and not user.is_seller:
        return {"name": user.full_name or SUPPORT, "email": None}
    return {"name": user.display_name, "email": user.email}


def case_item_out(viewer: User, case: Case, now: datetime) -> dict:
    return {
        "number": case.number,
        "seller_code": case.seller.code,
        "site": case.site.code,
        "case_type": case.case_type.code,
        "team": case.team.code,
        "status": case.status,
        "tier": case.tier,
        "priority": case.priority,
        "assignee": _person(viewer, case.assignee),
        "subject": case.subject,
        "description": case.description,
        "language": case.language,
        "fields": case.fields or {},
        "attachments": [
            a.pk for a in case.attachments.all() if not (viewer.is_seller and a.internal)
        ],
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "first_response_due_at": case.first_response_due_at,
        "first_response_at": case.first_response_at,
        "next_response_due_at": case.next_response_due_at,
        "resolution_due_at": case.resolution_due_at,
        "resolved_at": case.resolved_at,
        "sla": sla.target_states(case, now),
        "escalated_at": case.escalated_at,
        "duplicate_of": case.duplicate_of.number if case.duplicate_of else None,
    }


def message_out(viewer: User, message: Message) -> dict:
    return {
        "id": message.pk,
        "author": _person(viewer, message.author),
        "author_kind": message.author_kind,
        "kind": message.kind,
        "body": message.body,
        "internal": message.internal,
        "created_at": message.created_at,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in message.attachments.all()
        ],
    }


def _event_actor(viewer: User, event: AuditEvent) -> str:
    if not viewer.is_seller:
        return event.actor_label
    if event.actor is None:
        return SYSTEM if event.actor_label.startswith("system:") else SUPPORT
    return (_person(viewer, event.actor) or {}).get("name") or SUPPORT


def _shown_values(viewer: User, values: dict, names: dict[str, str]) -> dict:
    """Staff emails inside an event's values become names for a seller."""
    if not viewer.is_seller or "assignee" not in values:
        return values
    assignee = values["assignee"]
    return {**values, "assignee": names.get(assignee, SUPPORT) if assignee else None}


def event_out(viewer: User, event: AuditEvent, names: dict[str, str]) -> dict:
    return {
        "at": event.created_at,
        "actor": _event_actor(viewer, event),
        "action": event.action,
        "before": _shown_values(viewer, event.before or {}, names),
        "after": _shown_values(viewer, event.after or {}, names),
    }


def case_out(
    viewer: User,
    case: Case,
    messages: list[Message],
    events: list[AuditEvent],
    now: datetime,
) -> dict:
    names = {
        user.email: _person(viewer, user)["name"]
        for user in [case.assignee, *(e.actor for e in events)]
        if user is not None
    }
    return {
        **case_item_out(viewer, case, now),
        "messages": [message_out(viewer, m) for m in messages],
        "events": [event_out(viewer, e, names) for e in events],
    }
