"""JSON API for case types and cases. Thin: parse, find what the caller may see, call one
service, serialise. Whatever the caller may not see is 404, never 403."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Header, Query, Router, Status

from sellerdesk.accounts.selectors import seller_for_new_case, staff_user_by_email
from sellerdesk.lib.errors import Forbidden
from sellerdesk.lib.problems import error_responses

from . import creation, escalation, merge, ratelimits, routing, selectors, sensitive, services
from .intake_schemas import MergeIn, RevealIn, RevealOut
from .models import Case
from .permissions import is_case_agent
from .schemas import (
    AssignIn,
    CaseIn,
    CaseListOut,
    CaseOut,
    CaseQuery,
    CaseTypeOut,
    EscalateIn,
    MessageIn,
    MessageOut,
    MoveIn,
    ReopenIn,
    ResolveIn,
    case_item_out,
    case_out,
    case_type_out,
    message_out,
)

router = Router(tags=["cases"])


def _require_case_agent(user, case: Case, doing: str) -> None:
    if not is_case_agent(user, case):
        raise Forbidden(f"Only staff of the owning team can {doing} this case.")


# Case actions answer with the case; these are the problems each of them can produce.
ACTION_ERRORS = error_responses(400, 403, 404, 409, 413, 422)


def _case_response(user, case: Case) -> dict:
    return case_out(
        user,
        case,
        selectors.case_messages_for(user, case),
        selectors.case_events_for(user, case),
        timezone.now(),
    )


@router.get(
    "/case-types",
    response={200: list[CaseTypeOut], **error_responses()},
    summary="List case types",
    description="Any signed-in user. Each type's names, the team it routes to, its evidence "
    "checklist with formats, and its SLA targets per support tier.",
)
def case_type_list(request):
    return [case_type_out(t, targets) for t, targets in selectors.case_type_catalogue()]


@router.post(
    "/cases",
    response={
        200: CaseOut,
        201: CaseOut,
        **error_responses(400, 403, 404, 409, 413, 422, 429),
    },
    summary="Open a case",
    description="Members of a seller organisation, and operators (who must give "
    "`seller_code`). Support staff get 403; a `seller_code` the caller is not a member of is "
    "404. 201 with the new case; with an `Idempotency-Key` already used for the same body, 200 "
    "with the original case and `Idempotent-Replayed: true`; the same key with a different "
    "body is 409. 422 lists every missing or invalid field, checklist items included, and "
    "any attachment id that is not the seller's own unattached upload. 409 with "
    "`duplicate_of` (a case number) when an open case of the seller with the same type shares "
    "an order ID or ASIN or has very similar text: add to that case instead, or send the same "
    "body again with `not_duplicate_of` set to that number if it is a different problem. 413 "
    "when the case's files exceed 50 MB (default). 429 with `retry_after` (and a "
    "`Retry-After` header) over the rate limits, or over the daily cap of a seller whose "
    "support is restricted.",
    openapi_extra={
        "responses": {
            200: {
                "headers": {
                    "Idempotent-Replayed": {
                        "description": "`true`: this is the case an earlier request with "
                        "the same Idempotency-Key opened.",
                        "schema": {"type": "string", "enum": ["true"]},
                    }
                }
            }
        }
    },
)
def case_create(
    request,
    payload: CaseIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=200,
        description="Any string up to 200 characters: retrying with the same key and body "
        "returns the same case instead of opening another.",
    ),
):
    user = request.auth
    ratelimits.case_create_check(request, user)
    seller = seller_for_new_case(user, payload.seller_code)
    case, created = creation.case_create(
        actor=user,
        seller=seller,
        site=payload.site,
        case_type=payload.case_type,
        subject=payload.subject,
        description=payload.description,
        language=payload.language,
        fields=payload.fields,
        attachments=payload.attachments,
        idempotency_key=idempotency_key or None,
        not_duplicate_of=payload.not_duplicate_of,
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201 if created else 200, _case_response(user, case))


@router.get(
    "/cases",
    response={200: CaseListOut, **error_responses(422)},
    summary="List cases",
    description="Sellers see their own organisations' cases, support staff their teams' "
    "queues, operators all. Keyset pagination: follow `next_cursor` until it is null. Items "
    "leave out messages and events; read one case for those.",
)
def case_list(request, filters: Query[CaseQuery]):
    user = request.auth
    rows, next_cursor = selectors.case_list_for(
        user,
        selectors.CaseFilters(
            status=filters.statuses(),
            case_type=filters.case_type,
            team=filters.team,
            site=filters.site,
            tier=filters.tier,
            breached=filters.breached,
            escalated=filters.escalated,
            assignee=filters.assignee,
            q=filters.q,
        ),
        ordering=filters.ordering,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    now = timezone.now()
    return {"items": [case_item_out(user, c, now) for c in rows], "next_cursor": next_cursor}


@router.get(
    "/cases/{number}",
    response={200: CaseOut, **error_responses(404, 422)},
    summary="Read a case",
    description="The case's seller members, staff of the owning team, operators; anyone else "
    "gets 404. Sellers never receive internal notes or internal events.",
)
def case_get(request, number: int):
    user = request.auth
    return _case_response(user, selectors.case_get_for(user, number))


@router.post(
    "/cases/{number}/messages",
    response={201: MessageOut, **ACTION_ERRORS},
    summary="Add a message",
    description="The case's seller members and staff of the owning team. Staff may write "
    "internal notes (`internal`) or ask the seller for information (`request_info`); a seller "
    "asking for either gets 403. A staff reply meets the first response; a seller reply to a "
    "request for information puts the case back in the team's queue. `attachments` names "
    "files the message carries (then `body` may be empty): a seller names their own uploads "
    "not yet on a case, as when opening one; staff name their own uploads onto this case "
    "(`POST /attachments` with `case`) that no message carries yet, and an internal note only "
    "those uploaded with `internal`. The files become the case's, within its total size "
    "(413); an internal note's files are never shown to the seller. 422 names each refused "
    "id as `attachments.N` (another seller's upload, a file already used); 409 if another "
    "request took a file meanwhile.",
)
def case_message_add(request, number: int, payload: MessageIn):
    user = request.auth
    message = services.case_message_add(
        actor=user,
        case=selectors.case_get_for(user, number),
        body=payload.body,
        internal=payload.internal,
        request_info=payload.request_info,
        attachments=payload.attachments,
    )
    return Status(201, message_out(user, message))


@router.post(
    "/cases/{number}/assign",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Assign a case",
    description="Staff of the owning team and operators. `assignee` is the email of an agent "
    "in the owning team (422 otherwise); null unassigns. Sellers get 403.",
)
def case_assign(request, number: int, payload: AssignIn):
    user = request.auth
    case = selectors.case_get_for(user, number)
    # Who may assign is asked first: otherwise a seller learns from 422 against 403 which
    # e-mail addresses are staff accounts.
    _require_case_agent(user, case, "assign")
    assignee = staff_user_by_email(payload.assignee) if payload.assignee else None
    return _case_response(user, services.case_assign(actor=user, case=case, assignee=assignee))


@router.post(
    "/cases/{number}/take",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Take a case",
    description="Agents of the owning team: assign the case to yourself (a new case becomes "
    "open). Sellers get 403.",
)
def case_take(request, number: int):
    user = request.auth
    case = selectors.case_get_for(user, number)
    return _case_response(user, services.case_assign(actor=user, case=case, assignee=user))


@router.post(
    "/cases/{number}/resolve",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Resolve a case",
    description="Staff of the owning team and operators, with an optional message to the "
    "seller. 409 when the case is already resolved or closed; sellers get 403.",
)
def case_resolve(request, number: int, payload: ResolveIn | None = None):
    user = request.auth
    case = selectors.case_get_for(user, number)
    body = payload.body if payload else ""
    reason = payload.close_reason if payload else "resolved"
    return _case_response(
        user, services.case_resolve(actor=user, case=case, body=body, close_reason=reason)
    )


@router.post(
    "/cases/{number}/reopen",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Reopen a case",
    description="The case's seller members and staff of the owning team, within the reopen "
    "window after resolution; 409 when the case is still open or the window has passed.",
)
def case_reopen(request, number: int, payload: ReopenIn | None = None):
    user = request.auth
    case = selectors.case_get_for(user, number)
    reason = payload.reason if payload else ""
    return _case_response(user, services.case_reopen(actor=user, case=case, reason=reason))


@router.post(
    "/cases/{number}/escalate",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Escalate a case",
    description="The case's seller members, once the first response is overdue or support has "
    "been silent for the configured time (72 h by default). Too early, or not waiting on "
    "support: 409 with `escalation_possible_at` (RFC 3339, or null). Staff get 403.",
)
def case_escalate(request, number: int, payload: EscalateIn | None = None):
    user = request.auth
    case = selectors.case_get_for(user, number)
    reason = payload.reason if payload else ""
    return _case_response(user, escalation.case_escalate(actor=user, case=case, reason=reason))


@router.post(
    "/cases/{number}/merge",
    response={200: CaseOut, **ACTION_ERRORS},
    summary="Merge a duplicate case",
    description="Staff of both cases' teams and operators. The case's messages and "
    "attachments move to `into`, whose history then also shows the merged case's events "
    "(they stay recorded on the merged case); the case is closed with `duplicate_of` set "
    "and counts as a duplicate against the seller. Answers with the case that stays. 422 for "
    "another seller's case or the same case, 409 when the case is not open or `into` is closed; "
    "a case number the caller may not see is 404.",
)
def case_merge(request, number: int, payload: MergeIn):
    user = request.auth
    case = selectors.case_get_for(user, number)
    into = selectors.case_get_for(user, payload.into)
    return _case_response(user, merge.case_merge(actor=user, case=case, into=into))


@router.post(
    "/cases/{number}/move",
    response={200: CaseOut, 204: None, **ACTION_ERRORS},
    summary="Move a case to another team or case type",
    description="Staff of the owning team and operators, when the seller chose the wrong team "
    "or type. A new `case_type` without `team` moves the case to that type's team. The "
    "deadlines are recomputed for the new type and team; the assignee is cleared unless they "
    "are in the new team; the new team's leads are notified. 422 for an unknown or inactive "
    "team or case type, no destination, an empty reason or a move to where the case already "
    "is; 409 when the case is not open; sellers get 403. Answers with the case, or 204 when "
    "the caller can no longer see it (an agent who moved it out of their teams).",
)
def case_move(request, number: int, payload: MoveIn):
    user = request.auth
    case = selectors.case_get_for(user, number)
    _require_case_agent(user, case, "move")
    team, case_type = routing.move_targets(team=payload.team, case_type=payload.case_type)
    moved = routing.case_move(
        actor=user, case=case, team=team, case_type=case_type, reason=payload.reason
    )
    if not selectors.cases_visible_to(user).filter(pk=moved.pk).exists():
        return Status(204, None)
    return _case_response(user, moved)


@router.post(
    "/cases/{number}/reveal",
    response={200: RevealOut, **ACTION_ERRORS},
    summary="Reveal sensitive details",
    description="Agents of the team that owns the case only (others 403 or 404). Bank details "
    "and ID numbers are otherwise shown masked (last four characters). `reason` is required; "
    "each call writes an internal `case.sensitive_revealed` event naming the fields and the "
    "reason (never the values).",
)
def case_reveal(request, number: int, payload: RevealIn):
    user = request.auth
    case = selectors.case_get_for(user, number)
    values = sensitive.case_sensitive_reveal(actor=user, case=case, reason=payload.reason)
    return {"fields": values}
