"""JSON API for appeals against account causes. Thin: parse, find what the caller may see, call
one service, serialise. An appeal the caller may not see is 404, never 403; words (findings,
rejection reasons) follow ``Accept-Language``."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation
from ninja import Query, Router, Status

from sellerdesk.accounts.selectors import seller_for_new_case
from sellerdesk.attachments.views import file_response
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed
from sellerdesk.lib.problems import error_responses, request_language

from . import quality, review, selectors, services
from .models import Appeal
from .schemas import (
    AcceptIn,
    AppealCreatedOut,
    AppealIn,
    AppealListOut,
    AppealOut,
    AppealQuery,
    CheckIn,
    CheckOut,
    RejectIn,
    RejectionReasonOut,
    RequestInfoIn,
    VersionCreatedOut,
    VersionIn,
    appeal_item_out,
    appeal_out,
    finding_out,
    live_finding_out,
    version_out,
)

router = Router(tags=["appeals"])

REVIEW_ERRORS = error_responses(400, 403, 404, 409, 422)


def _seller_only(user) -> None:
    if not user.is_seller:
        raise Forbidden("Appeals are written by the seller's members.")


def _reviewer_only(user) -> None:
    if user.is_seller:
        raise Forbidden("Only the Account Health team can decide on an appeal.")


def _draft(payload: VersionIn) -> quality.Draft:
    return quality.Draft(
        payload.root_cause, payload.corrective_actions, payload.preventive_measures
    )


def _draft_zh(payload: VersionIn) -> dict:
    return payload.draft_zh.dict() if payload.draft_zh is not None else {}


def _evidence(payload: VersionIn) -> list[services.EvidenceInput]:
    return [
        services.EvidenceInput(
            attachment=item.attachment,
            requirement=item.requirement.strip(),
            document_date=item.document_date,
            supplier_name=item.supplier_name,
            supplier_address=item.supplier_address,
        )
        for item in payload.evidence
    ]


def _cause_named(user, payload: AppealIn):
    """The cause a body names (its id, or the reason code of one active cause)."""
    if payload.cause is not None:
        return selectors.cause_for_seller(user, payload.cause)
    if not (payload.reason_code or "").strip():
        raise ValidationFailed(
            "Name the cause: its id or its reason code.",
            [FieldError("cause", "required", "cause or reason_code is required")],
        )
    seller = seller_for_new_case(user, payload.seller_code)
    return selectors.active_cause_by_reason(seller, payload.reason_code)


class _WordedFindings:
    """Run a service in the caller's language; a 422 carrying the check's findings gives
    them as the API shows findings (``message`` in that language)."""

    def __init__(self, language: str):
        self.language = language
        self._override = translation.override(language)

    def __enter__(self):
        self._override.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._override.__exit__(exc_type, exc, tb)
        if isinstance(exc, ValidationFailed) and "findings" in exc.extra:
            exc.extra["findings"] = [finding_out(f, self.language) for f in exc.extra["findings"]]
        return False


def _appeal_response(request, appeal_id: int) -> dict:
    user, language = request.auth, request_language(request)
    appeal = selectors.appeal_get_for(user, appeal_id)
    steps = services.steps_left(appeal) if appeal.status == Appeal.Status.SELF_SERVICE else []
    return appeal_out(user, appeal, steps=steps, language=language)


@router.post(
    "/appeals",
    response={201: AppealCreatedOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Appeal an account cause",
    description="Members of the seller whose account the cause is on; support staff and "
    "operators get 403, a `cause` of another seller 404. Name the cause by `cause` (an id "
    "from `GET /sellers/{seller_code}/status`) or by `reason_code`. The plan of action is "
    "checked first: 422 lists each blocking finding (a missing section, missing required "
    "evidence) as an error naming the section (`root_cause`, `corrective_actions`, "
    "`preventive_measures`) or `evidence.<requirement>`, and the body's `findings` holds every "
    "finding with its sentence; 422 also names each unusable file (`evidence.N.attachment`), "
    "and `evidence.N.requirement` when a bare id could be for more than one requirement. 409 "
    "with `appeal` and `link` when an appeal for that cause is open already, and when the "
    "cause was lifted or cannot be appealed. 400 for a body that is not JSON. 201 with the "
    "appeal and its `warnings` (non-blocking findings).",
)
def appeal_create(request, payload: AppealIn):
    user = request.auth
    _seller_only(user)
    language = request_language(request)
    if payload.cause is not None:
        seller = selectors.cause_for_seller(user, payload.cause).seller
    else:
        seller = seller_for_new_case(user, payload.seller_code)
    with _WordedFindings(language):
        appeal, warnings = services.appeal_open(
            actor=user,
            seller=seller,
            draft=_draft(payload),
            cause_id=payload.cause,
            reason_code=payload.reason_code or "",
            draft_zh=_draft_zh(payload),
            evidence=_evidence(payload),
        )
        shown = [live_finding_out(f) for f in warnings]
    return Status(201, {**_appeal_response(request, appeal.pk), "warnings": shown})


@router.post(
    "/appeals/check",
    response={200: CheckOut, **error_responses(400, 403, 404, 422)},
    summary="Check a plan of action",
    description="Members of the seller; staff get 403. A dry run of the quality check an "
    "appeal (or, with `appeal`, a new version of it) goes through: every finding with its "
    "sentence and a message in the caller's language, and whether any blocks. Nothing is "
    "written. 404 for a cause or appeal of another seller; 422 when no cause is named or "
    "`reason_code` names none (or several) of the active causes. Files that cannot be used "
    "are left out of the check (the appeal itself names them in its 422). 400 for a body "
    "that is not JSON.",
)
def appeal_check(request, payload: CheckIn):
    user = request.auth
    _seller_only(user)
    appeal = selectors.appeal_get_for(user, payload.appeal) if payload.appeal else None
    cause = appeal.cause if appeal is not None else _cause_named(user, payload)
    with translation.override(request_language(request)):
        findings = services.appeal_check(
            actor=user,
            cause=cause,
            draft=_draft(payload),
            evidence=_evidence(payload),
            appeal=appeal,
        )
        shown = [live_finding_out(f) for f in findings]
    return {"blocking": quality.blocks(findings), "findings": shown}


@router.get(
    "/appeals",
    response={200: AppealListOut, **error_responses(422)},
    summary="List appeals",
    description="Sellers see their own organisations' appeals; the Account Health team and "
    "operators all; anyone else an empty list. Newest first; keyset pagination: follow "
    "`next_cursor` until it is null (422 for a cursor that is not one). Items leave out the "
    "versions and decisions; read one appeal for those.",
)
def appeal_list(request, filters: Query[AppealQuery]):
    rows, next_cursor = selectors.appeal_list_for(
        request.auth,
        status=filters.statuses(),
        seller_code=filters.seller_code,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": [appeal_item_out(a) for a in rows], "next_cursor": next_cursor}


@router.get(
    "/appeals/{appeal_id}",
    response={200: AppealOut, **error_responses(404, 422)},
    summary="Read an appeal",
    description="The seller's members, the Account Health team and operators; anyone else "
    "gets 404. The appeal with its cause, the self-service steps left, every version (the "
    "seller's Chinese draft only to the seller; the quality findings in the caller's "
    "language) with its files, and the reviewers' decisions.",
)
def appeal_get(request, appeal_id: int):
    return _appeal_response(request, appeal_id)


@router.post(
    "/appeals/{appeal_id}/versions",
    response={201: VersionCreatedOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Send a new version of the plan of action",
    description="Members of the appeal's seller (staff who can see it get 403; anyone else "
    "404), while the self-service steps are open or after the reviewers asked for more "
    "information (then the review case waits on support again); 409 otherwise. The files "
    "of earlier versions may be named again. 400 and 422 as for `POST /appeals`. 201 with "
    "the new version and its `warnings`.",
)
def appeal_version_add(request, appeal_id: int, payload: VersionIn):
    user = request.auth
    appeal = selectors.appeal_get_for(user, appeal_id)
    _seller_only(user)
    language = request_language(request)
    with _WordedFindings(language):
        version, warnings = services.appeal_revise(
            actor=user,
            appeal=appeal,
            draft=_draft(payload),
            draft_zh=_draft_zh(payload),
            evidence=_evidence(payload),
        )
        shown = [live_finding_out(f) for f in warnings]
    fresh = selectors.appeal_get_for(user, appeal_id)
    row = next(v for v in fresh.versions.all() if v.pk == version.pk)
    return Status(201, {**version_out(user, row, language), "warnings": shown})


@router.post(
    "/appeals/{appeal_id}/accept",
    response={200: AppealOut, **REVIEW_ERRORS},
    summary="Accept an appeal",
    description="The Account Health team and operators: reinstate. The cause is lifted (its "
    "restrictions end), the review case is resolved and the seller told. The appeal's "
    "seller gets 403, anyone who cannot see it 404; 409 when it is not in review.",
)
def appeal_accept(request, appeal_id: int, payload: AcceptIn | None = None):
    user = request.auth
    appeal = selectors.appeal_get_for(user, appeal_id)
    _reviewer_only(user)
    review.appeal_accept(actor=user, appeal=appeal, text=payload.text if payload else "")
    return _appeal_response(request, appeal_id)


@router.post(
    "/appeals/{appeal_id}/reject",
    response={200: AppealOut, **REVIEW_ERRORS},
    summary="Reject an appeal",
    description="The Account Health team and operators, with at least one reason code from "
    "`GET /appeal-rejection-reasons` (422 on `reasons` or `reasons.N` otherwise). The cause "
    "stays; the review case is resolved and the seller told. The appeal's seller gets 403, "
    "anyone who cannot see it 404; 409 when it is not in review.",
)
def appeal_reject(request, appeal_id: int, payload: RejectIn):
    user = request.auth
    appeal = selectors.appeal_get_for(user, appeal_id)
    _reviewer_only(user)
    review.appeal_reject(actor=user, appeal=appeal, reasons=payload.reasons, text=payload.text)
    return _appeal_response(request, appeal_id)


@router.post(
    "/appeals/{appeal_id}/request-info",
    response={200: AppealOut, **REVIEW_ERRORS},
    summary="Ask the seller for more information",
    description="The Account Health team and operators. `text` says what is needed (422 "
    "when empty). The review case waits on the seller (its clocks pause) until a new "
    "version arrives. The appeal's seller gets 403, anyone who cannot see it 404; 409 when "
    "it is not in review.",
)
def appeal_request_info(request, appeal_id: int, payload: RequestInfoIn):
    user = request.auth
    appeal = selectors.appeal_get_for(user, appeal_id)
    _reviewer_only(user)
    review.appeal_request_info(actor=user, appeal=appeal, text=payload.text)
    return _appeal_response(request, appeal_id)


@router.get(
    "/appeals/{appeal_id}/evidence/{evidence_id}",
    response={200: None, **error_responses(404, 422)},
    summary="Download an appeal's evidence file",
    description="Whoever may read the appeal; anyone else gets 404. Images are served "
    "inline, everything else as a download, with `X-Content-Type-Options: nosniff` and a "
    "sandboxing Content-Security-Policy.",
)
def appeal_evidence_download(request, appeal_id: int, evidence_id: int) -> HttpResponse:
    return file_response(
        selectors.evidence_get_for(request.auth, appeal_id, evidence_id).attachment
    )


@router.get(
    "/appeal-rejection-reasons",
    response={200: list[RejectionReasonOut], **error_responses()},
    summary="List the reasons a rejection may give",
    description="Any signed-in user. The codes `POST /appeals/{appeal_id}/reject` takes, "
    "with their labels in the caller's language.",
)
def appeal_rejection_reason_list(request):
    with translation.override(request_language(request)):
        return [{"code": r.code, "label": r.label} for r in selectors.rejection_reasons()]
