"""The survey rules (pure: no ORM). The thresholds come from ``settings.SELLERDESK``; the
scale itself (1 to 5) is the product's, as the database's check constraint says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sellerdesk.cases.abuse import BAD_REASONS
from sellerdesk.cases.lifecycle import FINISHED

SCORE_MIN, SCORE_MAX = 1, 5
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))
# Closes that are no service to rate: a merge (duplicate), invalid and spam (cases/abuse.py).
UNRATED_CLOSE_REASONS = BAD_REASONS


@dataclass(frozen=True)
class SurveyRule:
    token_days: int
    invite_lookback_days: int
    low_score: int
    comment_max_length: int

    @classmethod
    def from_settings(cls, conf: dict) -> SurveyRule:
        return cls(
            token_days=conf["SURVEY_TOKEN_DAYS"],
            invite_lookback_days=conf["SURVEY_INVITE_LOOKBACK_DAYS"],
            low_score=conf["SURVEY_LOW_SCORE"],
            comment_max_length=conf["SURVEY_COMMENT_MAX_LENGTH"],
        )


def score_valid(score: object) -> bool:
    return type(score) is int and SCORE_MIN <= score <= SCORE_MAX


def is_low(score: int, rule: SurveyRule) -> bool:
    return score <= rule.low_score


def rateable(
    *, status: str, resolved_at: datetime | None, close_reason: str, workflow: str
) -> bool:
    """A case the seller is asked about: resolved (or closed after it), not closed as invalid,
    duplicate or spam, and not owned by a workflow (an appeal's review has its own decision)."""
    return (
        status in FINISHED
        and resolved_at is not None
        and close_reason not in UNRATED_CLOSE_REASONS
        and not workflow
    )


def followup_after(*, was_low: bool, same_resolution: bool, low: bool, state: str) -> str:
    """The follow-up state after a rating: a low score asks for one, unless the same
    resolution was already low (its follow-up, needed or done, stands); a score that is no
    longer low withdraws a follow-up nobody has done; a done one stays done (history)."""
    if low:
        if same_resolution and was_low and state:
            return state
        return "needed"
    if state == "needed":
        return ""
    return state if same_resolution else ""
