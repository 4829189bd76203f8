"""``GET /api/v1/reports/{name}``: a report as JSON ``{definition, rows}`` or CSV, for team
leads (their teams' figures) and operators. Words follow ``Accept-Language``."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Literal

from django.http import HttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema

from sellerdesk.lib.api_types import IsoDate, Text
from sellerdesk.lib.problems import error_responses, request_language

from . import output
from .registry import NAMES, run

router = Router(tags=["reports"])

ReportName = Enum("ReportName", {n.replace("-", "_"): n for n in NAMES}, type=str)
GROUPS = Literal["case_type", "team", "site", "tier", "day", "week", "month", "quarter"]


# The years a report may ask about (1970–2999), stated in the schema as well as checked.
YEARS = {"pattern": "^(19[7-9][0-9]|2[0-9]{3})-"}


class ReportQuery(Schema):
    date_from: IsoDate | None = Field(
        None,
        alias="from",
        description="First day (UTC), YYYY-MM-DD, from 1970-01-01; default: 90 days back (a "
        "year for resolution and training). A report of periods starts at the start of the "
        "period holding it. At most five years before `to`, and not after it (422 otherwise).",
        json_schema_extra=YEARS,
    )
    to: IsoDate | None = Field(
        None,
        description="Last day (UTC), included, up to 2999-12-31; default: today.",
        json_schema_extra=YEARS,
    )
    site: Text | None = Field(None, max_length=8, description="A site code, e.g. `US`.")
    team: Text | None = Field(None, max_length=40, description="A team code.")
    case_type: Text | None = Field(None, max_length=50, description="A case type code.")
    tier: Literal["standard", "premium"] | None = None
    group_by: GROUPS | None = Field(
        None,
        description="What the rows are per: a dimension (first-response, satisfaction) or a "
        "period (backlog, escalations, abuse); other reports refuse it.",
    )
    format: Literal["json", "csv"] = "json"


class ColumnOut(Schema):
    key: str
    label: str
    kind: str


class ReportOut(Schema):
    name: str
    title: str
    definition: str
    available: bool
    note: str
    as_of: datetime | None = Field(
        description="What the rollups had read up to; null when "
        "the report does not read them or they are not built yet."
    )
    age_seconds: int | None
    filters: dict
    columns: list[ColumnOut]
    rows: list[dict]
    summary: dict


@router.get(
    "/reports/{name}",
    response={200: ReportOut, **error_responses(403, 404, 422)},
    summary="Read a report",
    description="Team leads (their teams' figures) and operators; anyone else 403. `abuse`, "
    "`training` and `appeals` cover the whole marketplace and are for operators only. Filters "
    "`from`, `to` (UTC days, both included), `site`, `team`, `case_type`, `tier`, `group_by`; "
    "an unknown code, or a filter the report is not narrowed by, is 422 naming the filter. "
    "JSON `{definition, rows}` with the columns and how old the figures are, or CSV with "
    "`format=csv` (a header row of the row keys). "
    "A report whose part is not built yet answers `available: false` and says why in `note`.",
    openapi_extra={"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def report_get(request, name: ReportName, filters: Query[ReportQuery]):
    params = {
        "from": filters.date_from.isoformat() if filters.date_from else "",
        "to": filters.to.isoformat() if filters.to else "",
        "site": filters.site or "",
        "team": filters.team or "",
        "case_type": filters.case_type or "",
        "tier": filters.tier or "",
        "group_by": filters.group_by or "",
    }
    with translation.override(request_language(request)):
        answer = run(name.value, params, user=request.auth)
        if filters.format == "csv":
            response = HttpResponse(output.as_csv(answer), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name.value}.csv"'
            return response
        return output.as_json(answer)
