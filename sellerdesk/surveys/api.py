"""JSON API for a case's satisfaction rating. Thin: find the case the caller may see, call one
selector or service, serialise. A case the caller may not see is 404, never 403."""

from __future__ import annotations

from ninja import Router

from sellerdesk.lib.errors import NotFound
from sellerdesk.lib.problems import error_responses

from . import selectors, services
from .models import Rating
from .schemas import RatingIn, RatingOut, rating_out

router = Router(tags=["surveys"])


@router.get(
    "/cases/{number}/rating",
    response={200: RatingOut, **error_responses(404, 422)},
    summary="Read a case's satisfaction rating",
    description="Members of the case's seller and staff who see the case (its team, "
    "operators). Staff also read the follow-up a low score asked for. 404 when the case is "
    "not yours or has not been rated yet; 422 when the number is not a number.",
)
def case_rating_get(request, number: int):
    user = request.auth
    case, rating = selectors.rating_get_for(user, number)
    if rating is None:
        raise NotFound(f"Case {case.number} has not been rated yet.")
    return rating_out(user, rating)


@router.put(
    "/cases/{number}/rating",
    response={200: RatingOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Rate a resolved case",
    description="Members of the case's seller, once support has resolved (or closed) it: a "
    "score from 1 to 5 and an optional comment (POST and PUT do the same). One rating per "
    "case: rating again replaces it; after the case is reopened and resolved again the new "
    "rating replaces the old one. Staff "
    "get 403; 409 while the case is not resolved (or was closed as invalid, duplicate or spam, "
    "or belongs to an appeal); 422 names the field for a score out of range or a comment too "
    "long.",
)
def case_rating_put(request, number: int, payload: RatingIn):
    return _rate(request, number, payload)


@router.post(
    "/cases/{number}/rating",
    response={200: RatingOut, **error_responses(400, 403, 404, 409, 422)},
    summary="Rate a resolved case (as PUT)",
    description="The same as `PUT /cases/{number}/rating`.",
)
def case_rating_post(request, number: int, payload: RatingIn):
    return _rate(request, number, payload)


def _rate(request, number: int, payload: RatingIn):
    user = request.auth
    case, _ = selectors.rating_get_for(user, number)
    rating = services.rating_submit(
        actor=user,
        case=case,
        score=payload.score,
        comment=payload.comment,
        channel=Rating.Channel.API,
    )
    return rating_out(user, selectors.rating_of(rating.case) or rating)
