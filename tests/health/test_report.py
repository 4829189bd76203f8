"""`GET /sellers/{code}/health/report` is valid against Amazon's published JSON Schema of
accountHealthReport-2020-11-18 (validated against the schema, not its example)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest

from sellerdesk.health import report, services
from tests.api.conftest import ApiClient, token_for

from .conftest import at, metrics_for, mv

DAY = date(2026, 3, 2)
SCHEMA_PATHS = [
    # A copy kept in the project (docs/reference/README.md says where it comes from).
    Path(__file__).resolve().parents[2] / "docs/reference/accountHealthReport-2020-11-18.json",
    Path(__file__).resolve().parents[3] / "shared/reference/accountHealthReport-2020-11-18.json",
]


@pytest.fixture(scope="module")
def validator():
    path = next((p for p in SCHEMA_PATHS if p.exists()), None)
    assert path is not None, f"schema not found in {SCHEMA_PATHS}"
    schema = json.loads(path.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator, document) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def test_the_schemas_own_quirks_are_real(validator):
    # Why we follow the schema: its example misses required members and would not validate.
    example = validator.schema["properties"]["performanceMetrics"]["examples"][0]
    problems = errors(validator, {"accountStatuses": [], "performanceMetrics": [example]})
    assert any("preFulfillmentCancellationRate" in p for p in problems)
    assert any("ahrStatus" in p or "warningStates" in p for p in problems)


def test_report_of_an_evaluated_seller_is_valid(validator, evaluate, seller_a, operator):
    for kind, site in (("ip_complaint", "US"), ("condition", "JP"), ("ip_complaint", "US")):
        services.violation_create(
            actor=operator,
            seller_code="A1SELLER",
            marketplace=site,
            kind=kind,
            severity="medium",
            detected_at=at(DAY - timedelta(days=5)),
            now=at(DAY),
        )
    values = metrics_for(DAY, late_shipment_rate_30d=0.07) + [
        mv("valid_tracking_rate", None, marketplace="JP"),  # no data
        mv("order_defect_rate_afn", 0.004, marketplace="JP"),
    ]
    evaluate(DAY, values)
    client = ApiClient(token_for(operator))
    response = client.get("/sellers/A1SELLER/health/report")
    assert response.status_code == 200, response.content
    document = response.json()
    assert errors(validator, document) == []
    statuses = {s["marketplaceId"]: s["status"] for s in document["accountStatuses"]}
    assert statuses == {"US": "AT_RISK", "JP": "AT_RISK"}  # late shipment beyond target on US
    us = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == "US")
    lsr = us["lateShipmentRate"]
    assert (lsr["rate"], lsr["status"], lsr["targetValue"], lsr["targetCondition"]) == (
        0.07,
        "BAD",
        0.04,
        "LESS_THAN",
    )
    assert lsr["orderCount"] == 1000 and lsr["lateShipmentCount"] == 70
    assert us["receivedIntellectualPropertyComplaints"]["defectsCount"] == 2
    assert us["receivedIntellectualPropertyComplaints"]["status"] == "BAD"
    assert us["productSafetyCustomerComplaints"]["defectsCount"] == 0
    assert (
        us["accountHealthRating"]["ahrScore"]
        == document["performanceMetrics"][0]["accountHealthRating"]["ahrScore"]
    )
    jp = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == "JP")
    assert jp["validTrackingRate"]["status"] == "NONE"
    assert jp["productConditionCustomerComplaints"]["defectsCount"] == 1
    assert jp["orderDefectRate"]["afn"]["rate"] == 0.004
    assert jp["orderDefectRate"]["afn"]["fulfillmentType"] == "afn"


def test_report_before_any_evaluation_is_valid(validator, seller_owner):
    document = ApiClient(token_for(seller_owner)).get("/sellers/A1SELLER/health/report").json()
    assert errors(validator, document) == []
    assert [s["status"] for s in document["accountStatuses"]] == ["NORMAL", "NORMAL"]


def test_deactivated_account_reports_deactivated_everywhere(
    validator, evaluate, seller_a, operator
):
    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="US",
        kind="authenticity",
        severity="critical",
        detected_at=at(DAY - timedelta(days=1)),
        now=at(DAY),
    )
    evaluate(DAY, [])
    document = ApiClient(token_for(operator)).get("/sellers/A1SELLER/health/report").json()
    assert errors(validator, document) == []
    assert {s["status"] for s in document["accountStatuses"]} == {"DEACTIVATED"}
    us = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == "US")
    assert us["accountHealthRating"]["ahrStatus"] == "WARNED"


def test_marketplace_restriction_marks_only_that_marketplace():
    class Cause:
        def __init__(self, marketplace, kind):
            self.marketplace, self.kind = marketplace, kind

    causes = [Cause("US", "restriction")]
    assert report.account_status_for("US", causes, "healthy", False) == "AT_RISK"
    assert report.account_status_for("JP", causes, "healthy", False) == "NORMAL"
    assert report.account_status_for("JP", [Cause("", "deactivation")], "healthy", False) == (
        "DEACTIVATED"
    )
