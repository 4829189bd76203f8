"""Shapes of ratings in the JSON API. A seller reads their case's rating; staff read its
follow-up too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import BeforeValidator, Field

from sellerdesk.accounts.models import User
from sellerdesk.lib.api_types import InputSchema, Text

from .models import Rating
from .policy import SCORE_MAX, SCORE_MIN


def _json_integer(value: Any) -> Any:
    """A JSON integer: pydantic alone would also read "4" and true as 4, which the schema does
    not allow (7.0 is the integer 7 in JSON, and is then out of range)."""
    if isinstance(value, bool | str | bytes):
        raise ValueError("must be an integer")
    return value


# Field before the validator: after it, pydantic writes its own "ge"/"le" keys into the
# OpenAPI instead of JSON Schema's minimum/maximum (see appeals/schemas.py).
Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX), BeforeValidator(_json_integer)]


Comment = Annotated[Text, Field(max_length=settings.SELLERDESK["SURVEY_COMMENT_MAX_LENGTH"])]


class RatingIn(InputSchema):
    score: Score = Field(description=f"From {SCORE_MIN} (very dissatisfied) to {SCORE_MAX}.")
    comment: Comment = Field("", description="Optional.")


class FollowUpOut(Schema):
    status: Literal["needed", "done"]
    done_at: datetime | None
    done_by: str | None = Field(description="Who did it, by name.")
    note: str


class RatingOut(Schema):
    case: int = Field(description="The case number.")
    score: int = Field(ge=SCORE_MIN, le=SCORE_MAX)
    comment: str
    resolved_at: datetime = Field(description="The resolution rated.")
    current: bool = Field(
        description="Whether it rates the case's current resolution (false once the case is "
        "reopened, until it is resolved and rated again)."
    )
    rated_at: datetime
    channel: Literal["app", "email", "api"]
    followup: FollowUpOut | None = Field(
        description="Staff only, when a low score asked for one; always null for sellers."
    )


def rating_out(user: User, rating: Rating) -> dict:
    case = rating.case
    followup = None
    if not user.is_seller and rating.followup:
        followup = {
            "status": rating.followup,
            "done_at": rating.followup_done_at,
            "done_by": rating.followup_done_by.display_name if rating.followup_done_by else None,
            "note": rating.followup_note,
        }
    return {
        "case": case.number,
        "score": rating.score,
        "comment": rating.comment,
        "resolved_at": rating.resolved_at,
        "current": rating.resolved_at == case.resolved_at,
        "rated_at": rating.rated_at,
        "channel": rating.channel,
        "followup": followup,
    }
