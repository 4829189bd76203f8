"""JSON API for account health: policy-violation events in, health, report and status out,
and the operator's lift. Thin: parse, find what the caller may see, call one service or
selector, serialise. Another seller's health is 404, never 403."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from sellerdesk.accounts.schemas import SellerOut, seller_out
from sellerdesk.accounts.selectors import seller_get_for
from sellerdesk.lib.api_types import Text
from sellerdesk.lib.errors import Forbidden, NotFound
from sellerdesk.lib.problems import error_responses

from . import causes, report, selectors, services
from .models import AccountCause, HealthSettings, PolicyViolation
from .schemas import (
    CauseLiftIn,
    CauseOut,
    HealthOut,
    StatusOut,
    ViolationIn,
    ViolationOut,
    ViolationResolveIn,
    cause_out,
    health_out,
    violation_out,
)

router = Router(tags=["account health"])


def _operator_only(user) -> None:
    if not user.is_operator:
        raise Forbidden("Only operators and integrations (operator tokens) may do this.")


@router.post(
    "/violations",
    response={201: ViolationOut, **error_responses(400, 403, 409, 413, 422)},
    summary="Report a policy violation",
    description="Operators and integrations (tokens of operator accounts). Records one "
    "policy-violation event; it counts in the seller's score from the next evaluation. 422 "
    "names every invalid field (unknown seller or marketplace, a marketplace the seller does "
    "not sell on, dates in the future or resolved before detected, a malformed ASIN). 409 "
    "with `existing_id` when `reference` was already recorded for the seller.",
)
def violation_create(request, payload: ViolationIn):
    _operator_only(request.auth)
    violation = services.violation_create(actor=request.auth, **payload.dict())
    return Status(201, violation_out(violation))


@router.post(
    "/violations/{violation_id}/resolve",
    response={200: ViolationOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Mark a policy violation resolved",
    description="Operators and integrations. A resolved violation costs a fading share of "
    "its points until it ages out of the window. 409 when it is already resolved.",
)
def violation_resolve(request, violation_id: int, payload: ViolationResolveIn):
    _operator_only(request.auth)
    violation = get_object_or_404(
        PolicyViolation.objects.select_related("seller", "site"), pk=violation_id
    )
    violation = services.violation_resolve(
        actor=request.auth, violation=violation, resolved_at=payload.resolved_at
    )
    return violation_out(violation)


@router.get(
    "/sellers/{seller_code}",
    response={200: SellerOut, **error_responses(404, 422)},
    summary="Read a seller organisation",
    description="Members of that seller, support staff and operators. Anyone else gets 404, "
    "so the answer never reveals whether another seller exists.",
    # A seller organisation is an accounts resource; it is served here because its answer
    # carries the restrictions in force, which account health owns (accounts sits below health).
    tags=["accounts"],
)
def seller_get(request, seller_code: Text):
    seller = seller_get_for(request.auth, seller_code)
    return seller_out(seller, selectors.active_restrictions_for(seller))


def _bands(conf: HealthSettings) -> dict[str, int]:
    return {"healthy": conf.healthy_min, "at_risk": conf.at_risk_min}


@router.get(
    "/sellers/{seller_code}/health",
    response={200: HealthOut, **error_responses(404, 422)},
    summary="Account health of a seller",
    description="Members of that seller, support staff and operators; anyone else gets 404. "
    "The latest daily evaluation: score 0–1000, band, each metric against its target (at its "
    "worst marketplace, and per marketplace), the deductions that explain the score, "
    "forecasts and the restrictions in force. Before the first evaluation `score`, `band` and "
    "`as_of` are null.",
)
def seller_health(request, seller_code: Text):
    view = selectors.health_view_for(request.auth, seller_code)
    return health_out(
        view.seller,
        view.snapshot,
        selectors.active_restrictions_for(view.seller),
        _bands(HealthSettings.current()),
    )


@router.get(
    "/sellers/{seller_code}/health/report",
    response={200: dict, **error_responses(404, 422)},
    summary="Account health as an SP-API accountHealthReport",
    description="As `GET /sellers/{seller_code}/health`, shaped as Amazon Selling Partner "
    "API `accountHealthReport-2020-11-18` and valid against its JSON Schema. `marketplaceId` "
    "is the site code; measures sellerdesk does not take are zero with status `NONE`.",
)
def seller_health_report(request, seller_code: Text):
    view = selectors.health_view_for(request.auth, seller_code)
    conf = HealthSettings.current()
    snapshot = view.snapshot
    as_of = snapshot.as_of if snapshot else None
    violations = []
    if as_of is not None:
        since = as_of - timedelta(days=conf.violation_window_days - 1)
        violations = [
            (v.site.code, v.kind)
            for v in selectors.violations_for(view.seller, since=since, limit=100_000)
            if v.detected_at.date() <= as_of
        ]
    return report.build_report(
        marketplaces=sorted(site.code for site in view.seller.sites.all()),
        snapshot_metrics=snapshot.metrics if snapshot else [],
        violations=violations,
        causes=view.causes,
        band=snapshot.band if snapshot else None,
        as_of=as_of or timezone.now().date(),
        window_days=conf.violation_window_days,
        score=snapshot.score if snapshot else None,
    )


@router.get(
    "/sellers/{seller_code}/status",
    response={200: StatusOut, **error_responses(404, 422)},
    summary="Account status and its causes",
    description="Members of that seller, support staff and operators; anyone else gets 404. "
    "The status (`normal`, `at_risk`, `under_review`, `restricted`, `deactivated`) and the "
    "active causes behind it, each with the restrictions it imposes and whether it can be "
    "appealed.",
)
def seller_status(request, seller_code: Text):
    view = selectors.health_view_for(request.auth, seller_code)
    return {
        "seller_code": view.seller.code,
        "status": view.seller.status,
        "causes": [cause_out(c) for c in view.causes],
    }


@router.post(
    "/causes/{cause_id}/lift",
    response={200: CauseOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Lift a review, restriction or deactivation",
    description="Operators only: reverses an automated action with a reason; the seller's "
    "status follows and the seller is told. Members and staff who can see the seller get "
    "403; anyone else 404. 409 when it was already lifted.",
)
def cause_lift(request, cause_id: int, payload: CauseLiftIn):
    cause = AccountCause.objects.select_related("seller", "case").filter(pk=cause_id).first()
    if cause is None:
        raise NotFound("Not found.")
    # Whoever may not see the seller must not learn that the cause exists.
    selectors.seller_for_health(request.auth, cause.seller.code)
    lifted = causes.cause_lift(actor=request.auth, cause=cause, reason=payload.reason)
    return cause_out(lifted)
