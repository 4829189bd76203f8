"""What the reports need of each case, read from the cases in bulk: its fact row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from sellerdesk.cases import lifecycle
from sellerdesk.cases.models import Case
from sellerdesk.surveys.policy import rateable
from sellerdesk.surveys.selectors import scores_for_cases

from .buckets import bucket_of
from .models import CaseFact

CASE_COLUMNS = (
    "id",
    "site_id",
    "team_id",
    "case_type_id",
    "tier",
    "status",
    "close_reason",
    "case_type__workflow",
    "created_at",
    "first_response_at",
    "first_response_due_at",
    "first_response_breached_at",
    "next_response_breached_at",
    "resolution_breached_at",
    "resolved_at",
    "closed_at",
    "escalated_at",
)
FINISHED = frozenset(lifecycle.FINISHED)


def _day(at: datetime | None) -> date | None:
    # Days are UTC days, as stored (TIME_ZONE is UTC); a report's range is of these days.
    return at.astimezone(UTC).date() if at else None


def _seconds(start: datetime, end: datetime | None) -> int | None:
    return max(int((end - start).total_seconds()), 0) if end else None


def fact_of(row: dict, rating: int | None = None) -> CaseFact:
    """The fact row of one case, from its ``CASE_COLUMNS``."""
    created = row["created_at"]
    responded = row["first_response_at"]
    if responded is not None:
        due = row["first_response_due_at"]
        within = due is None or responded <= due
    elif row["first_response_breached_at"] is not None:
        within = False
    else:
        within = None  # neither answered nor late yet
    finished = row["status"] in FINISHED
    resolved_at = row["resolved_at"] if finished else None
    # Counted in the response rate when its seller is asked to rate it: the surveys' rule.
    surveyed = rateable(
        status=row["status"],
        resolved_at=resolved_at,
        close_reason=row["close_reason"],
        workflow=row["case_type__workflow"],
    )
    first_response = _seconds(created, responded)
    resolution = _seconds(created, resolved_at)
    return CaseFact(
        case_id=row["id"],
        site_id=row["site_id"],
        team_id=row["team_id"],
        case_type_id=row["case_type_id"],
        tier=row["tier"],
        created_day=_day(created),
        first_response_seconds=first_response,
        first_response_within=within,
        first_response_bucket=None if first_response is None else bucket_of(first_response),
        finished_day=_day((resolved_at or row["closed_at"]) if finished else None),
        resolved_day=_day(resolved_at),
        resolution_seconds=resolution,
        resolution_bucket=None if resolution is None else bucket_of(resolution),
        first_response_breach_day=_day(row["first_response_breached_at"]),
        next_response_breach_day=_day(row["next_response_breached_at"]),
        resolution_breach_day=_day(row["resolution_breached_at"]),
        escalated_day=_day(row["escalated_at"]),
        surveyed=surveyed,
        rating=rating if surveyed else None,
    )


def facts_for(ids: Iterable[int]) -> Iterator[CaseFact]:
    """The fact rows of the cases ``ids`` that exist (in one query, plus one for ratings)."""
    ids = list(ids)
    if not ids:
        return
    ratings = ratings_for(ids)
    for row in Case.objects.filter(id__in=ids).values(*CASE_COLUMNS):
        yield fact_of(row, ratings.get(row["id"]))


def all_facts(chunk: int = 5000) -> Iterator[CaseFact]:
    """Every case's fact row, read ``chunk`` cases at a time in id order."""
    last = 0
    while True:
        rows = list(Case.objects.filter(id__gt=last).order_by("id").values(*CASE_COLUMNS)[:chunk])
        if not rows:
            return
        ratings = ratings_for([r["id"] for r in rows])
        for row in rows:
            yield fact_of(row, ratings.get(row["id"]))
        last = rows[-1]["id"]


def ratings_for(ids: list[int]) -> dict[int, int]:
    """The satisfaction score of each of the cases ``ids`` that has one."""
    return scores_for_cases(ids)
