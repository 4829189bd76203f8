"""API shapes of the intake actions: merge and reveal."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from sellerdesk.lib.api_types import InputSchema, Text


class MergeIn(InputSchema):
    into: int = Field(description="Number of the case that stays (same seller, open).")


class RevealIn(InputSchema):
    reason: Text = Field(description="Why the details are needed; kept in the access log.")


class RevealOut(Schema):
    fields: dict[str, str] = Field(description="The sensitive fields in full, by code.")
