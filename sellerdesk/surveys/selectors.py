"""Reads of ratings, always through what the viewer may see (the case's visibility: a seller
sees their own organisations' cases, an agent their teams', an operator all); and the emailed
link, read without a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, QuerySet

from sellerdesk.accounts.models import User
from sellerdesk.accounts.selectors import lead_team_ids_for
from sellerdesk.cases.lifecycle import FINISHED
from sellerdesk.cases.models import Case
from sellerdesk.cases.permissions import is_case_lead, is_case_seller
from sellerdesk.cases.selectors import case_get_for

from . import policy
from .models import Rating
from .tokens import TokenRefused, token_read

RATING_RELATED = ("case", "case__seller", "case__team", "rated_by", "followup_done_by")


def ratings_for_case(case: Case) -> QuerySet[Rating]:
    """The case's rating (at most one: the latest resolution's) with its people joined. The
    caller has already been shown the case."""
    return Rating.objects.filter(case=case).select_related(*RATING_RELATED)


def scores_for_cases(case_ids: list[int]) -> dict[int, int]:
    """The score of each of the cases ``case_ids`` whose latest resolution is rated, in one
    query: what the satisfaction report's facts read (``reports/facts.py:ratings_for``). A
    rating of an earlier resolution (the case was reopened and resolved again since) is not
    the latest resolution's."""
    if not case_ids:
        return {}
    rated = Rating.objects.filter(case_id__in=case_ids, resolved_at=F("case__resolved_at"))
    return dict(rated.values_list("case_id", "score"))


def rating_of(case: Case) -> Rating | None:
    return ratings_for_case(case).first()


def rating_get_for(user: User, number: int | str) -> tuple[Case, Rating | None]:
    """The case ``user`` may see (else NotFound) and its rating, if any."""
    case = case_get_for(user, number)
    return case, rating_of(case)


def followups_open_for(user: User) -> QuerySet[Rating]:
    """Low ratings waiting for a lead's follow-up, oldest first: those of the teams ``user``
    leads, every team's for an operator, none for anyone else."""
    qs = Rating.objects.filter(followup=Rating.FollowUp.NEEDED).select_related(*RATING_RELATED)
    if user.is_operator:
        return qs.order_by("rated_at", "pk")
    if not user.is_agent:
        return qs.none()
    teams = lead_team_ids_for(user)
    return qs.filter(case__team_id__in=teams).order_by("rated_at", "pk") if teams else qs.none()


@dataclass(frozen=True)
class RatingPanel:
    """What a case page shows of the rating to one viewer."""

    case: Case
    rating: Rating | None
    current: bool  # the rating is of the case's current resolution
    can_rate: bool
    show_followup: bool
    can_complete_followup: bool


def rating_panel_for(user: User, case: Case) -> RatingPanel:
    """The rating part of a case page the viewer already sees: sellers rate their own case's
    resolution and read their rating; staff read it with its follow-up, which the case team's
    leads (and operators) mark done."""
    rating = rating_of(case)
    rateable = policy.rateable(
        status=case.status,
        resolved_at=case.resolved_at,
        close_reason=case.close_reason,
        workflow=case.case_type.workflow,
    )
    current = rating is not None and rating.resolved_at == case.resolved_at
    staff = user.is_agent or user.is_operator
    return RatingPanel(
        case=case,
        rating=rating,
        current=current,
        can_rate=rateable and is_case_seller(user, case),
        show_followup=staff,
        can_complete_followup=(
            staff
            and rating is not None
            and rating.followup == Rating.FollowUp.NEEDED
            and is_case_lead(user, case)
        ),
    )


# --- the emailed link -------------------------------------------------------------------------


class LinkRefused(Exception):
    """Why a rating link does not open: ``invalid`` (tampered, not ours, its case or member
    gone: 400), ``expired`` (410), ``stale`` (the case was reopened since: 410)."""

    STATUS = {"invalid": 400, "expired": 410, "stale": 410}

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.status = self.STATUS[reason]


@dataclass(frozen=True)
class RatingLink:
    case: Case
    user: User
    resolution: object  # the datetime of the resolution the link asks about
    rating: Rating | None  # the rating of that resolution, when given already


def rating_link_open(token: str) -> RatingLink:
    """The case, member and resolution a rating link stands for, or LinkRefused. The link is
    its own authority (no session): signed, expiring, for one case and one member."""
    max_age = timedelta(days=settings.SELLERDESK["SURVEY_TOKEN_DAYS"])
    try:
        data = token_read(token, max_age=max_age)
    except TokenRefused as exc:
        raise LinkRefused(exc.reason) from None
    case = Case.objects.select_related("case_type", "seller").filter(pk=data.case_id).first()
    user = User.objects.filter(pk=data.user_id, is_active=True).first()
    if case is None or user is None or not is_case_seller(user, case):
        raise LinkRefused("invalid")
    if case.status not in FINISHED or case.resolved_at != data.resolved_at:
        raise LinkRefused("stale")
    rating = rating_of(case)
    if rating is not None and rating.resolved_at != data.resolved_at:
        rating = None
    return RatingLink(case=case, user=user, resolution=data.resolved_at, rating=rating)
