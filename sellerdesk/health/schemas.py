"""Shapes of the account-health resources in the JSON API."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ninja import Schema
from pydantic import Field

from sellerdesk.lib.api_types import InputSchema, Text

from .models import AccountCause, HealthSnapshot, PolicyViolation


class ViolationIn(InputSchema):
    seller_code: Text = Field(max_length=32)
    marketplace: Text = Field(description="Site code, e.g. `US`.", max_length=8)
    kind: Text = Field(
        description="`ip_complaint`, `authenticity`, `condition`, `safety`, `listing_policy`, "
        "`restricted_product` or `other`.",
        max_length=24,
    )
    severity: Text = Field(description="`low`, `medium`, `high` or `critical`.", max_length=10)
    detected_at: datetime = Field(description="RFC 3339 with offset.")
    resolved_at: datetime | None = None
    asin: Text = Field("", max_length=10)
    reference: Text = Field(
        "",
        max_length=200,
        description="Your id for the event; sending it again is 409 with `existing_id`.",
    )


class ViolationResolveIn(InputSchema):
    resolved_at: datetime | None = Field(None, description="Defaults to now.")


class ViolationOut(Schema):
    id: int
    seller_code: str
    marketplace: str
    kind: str
    severity: str
    detected_at: datetime
    resolved_at: datetime | None
    asin: str
    reference: str
    created_at: datetime


class MetricOut(Schema):
    rate: float | None
    numerator: int
    denominator: int
    window_from: date
    window_to: date
    target: float
    target_condition: str = Field(description="`lt` (rate must stay below) or `gt` (above).")
    status: str = Field(description="`good`, `bad` or `no_data`.")
    marketplace: str = Field(description="The marketplace this value is from.")
    beyond: bool = Field(description="Whether the rate misses its target.")


class RestrictionOut(Schema):
    kind: str
    since: str
    reason: str
    marketplace: str = Field(description="Site code, or empty for the whole account.")


class CauseOut(Schema):
    id: int
    kind: str = Field(description="`review`, `restriction` or `deactivation`.")
    reason_code: str
    since: datetime
    restrictions: list[str]
    appealable: bool
    marketplace: str = Field(description="Site code, or empty for the whole account.")
    rule: str = Field(description="The enforcement rule that fired (empty if manual).")
    case_number: int | None = None
    lifted_at: datetime | None = None


class HealthOut(Schema):
    seller_code: str
    score: int | None = Field(description="0–1000; null before the first evaluation.")
    band: str | None = Field(description="`healthy`, `at_risk` or `critical`.")
    status: str
    as_of: date | None
    bands: dict[str, int] = Field(description="Lowest score of `healthy` and `at_risk`.")
    metrics: dict[str, MetricOut] = Field(
        description="Each metric at its worst marketplace (the one the score counts)."
    )
    marketplaces: dict[str, dict[str, MetricOut]] = Field(
        description="Every metric per marketplace."
    )
    deductions: list[dict] = Field(
        description="What the score lost and why: `{source, code, marketplace, points, …}`."
    )
    violations: dict[str, dict[str, int]] = Field(
        description="Policy violations in the window by kind: `{open, resolved}`."
    )
    forecasts: list[dict] = Field(
        description="Metrics forecast to cross their target within the horizon."
    )
    restrictions: list[RestrictionOut]


class StatusOut(Schema):
    seller_code: str
    status: str = Field(
        description="`normal`, `at_risk`, `under_review`, `restricted` or `deactivated`."
    )
    causes: list[CauseOut]


class CauseLiftIn(InputSchema):
    reason: Text = Field(max_length=2000)


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def violation_out(v: PolicyViolation) -> dict:
    return {
        "id": v.pk,
        "seller_code": v.seller.code,
        "marketplace": v.site.code,
        "kind": v.kind,
        "severity": v.severity,
        "detected_at": _utc(v.detected_at),
        "resolved_at": _utc(v.resolved_at),
        "asin": v.asin,
        "reference": v.reference,
        "created_at": v.created_at,
    }


def cause_out(cause: AccountCause) -> dict:
    return {
        "id": cause.pk,
        "kind": cause.kind,
        "reason_code": cause.reason_code,
        "since": cause.since,
        "restrictions": list(cause.restrictions),
        "appealable": cause.appealable,
        "marketplace": cause.marketplace,
        "rule": cause.rule_code,
        "case_number": cause.case.number if cause.case_id and cause.case else None,
        "lifted_at": cause.lifted_at,
    }


def _metric_rank(row: dict) -> tuple:
    # The worst marketplace first: beyond target, then by how far, then the larger sample.
    rate = row["rate"]
    far = 0.0 if rate is None else (rate if row["target_condition"] == "lt" else -rate)
    return (row.get("beyond", False), far, row["denominator"])


def health_out(seller, snapshot: HealthSnapshot | None, restrictions, bands) -> dict:
    metrics: dict[str, dict] = {}
    per_site: dict[str, dict[str, dict]] = {}
    for row in snapshot.metrics if snapshot else []:
        item = {k: v for k, v in row.items() if k != "metric"}
        per_site.setdefault(row["marketplace"], {})[row["metric"]] = item
        current = metrics.get(row["metric"])
        if current is None or _metric_rank(row) > _metric_rank(current):
            metrics[row["metric"]] = row
    return {
        "seller_code": seller.code,
        "score": snapshot.score if snapshot else None,
        "band": snapshot.band if snapshot else None,
        "status": seller.status,
        "as_of": snapshot.as_of if snapshot else None,
        "bands": bands,
        "metrics": {
            name: {k: v for k, v in row.items() if k != "metric"} for name, row in metrics.items()
        },
        "marketplaces": per_site,
        "deductions": list(snapshot.deductions) if snapshot else [],
        "violations": dict(snapshot.violations) if snapshot else {},
        "forecasts": list(snapshot.forecasts) if snapshot else [],
        "restrictions": restrictions,
    }
