"""The account-health API: violations in (operators only, every bad field named), health,
status and the SP-API report out (the seller's members, staff, operators; others 404), and
the operator's lift."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sellerdesk.health.models import AccountCause, PolicyViolation
from tests.api.conftest import ApiClient, assert_problem, token_for

from .conftest import at, metrics_for

DAY = date(2026, 3, 2)


@pytest.fixture
def as_user():
    return lambda user: ApiClient(token_for(user))


def body(**overrides):
    data = {
        "seller_code": "A1SELLER",
        "marketplace": "US",
        "kind": "ip_complaint",
        "severity": "high",
        "detected_at": "2026-03-01T08:00:00+08:00",
        "asin": "B012345678",
        "reference": "IPC-1",
    }
    data.update(overrides)
    return data


# --- POST /violations ---------------------------------------------------------------------


def test_operator_records_a_violation(as_user, operator, seller_a):
    response = as_user(operator).post("/violations", body())
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["seller_code"] == "A1SELLER" and out["kind"] == "ip_complaint"
    assert out["detected_at"].startswith("2026-03-01T00:00:00")
    assert out["resolved_at"] is None
    assert PolicyViolation.objects.get().created_by == operator


@pytest.mark.parametrize("persona", ["seller_owner", "agent_ah"])
def test_sellers_and_agents_may_not_report(request, as_user, seller_a, persona):
    user = request.getfixturevalue(persona)
    assert_problem(as_user(user).post("/violations", body()), 403)
    assert not PolicyViolation.objects.exists()


def test_anonymous_is_401(seller_a):
    assert_problem(ApiClient().post("/violations", body()), 401)


def test_every_invalid_field_is_named(as_user, operator, seller_a):
    response = as_user(operator).post(
        "/violations",
        body(
            seller_code="NOSUCH",
            marketplace="XX",
            kind="counterfeit",
            severity="severe",
            asin="X",
            detected_at="2999-01-01T00:00:00Z",
        ),
    )
    problem = assert_problem(response, 422)
    fields = sorted(e["field"] for e in problem["errors"])
    assert fields == ["asin", "detected_at", "kind", "marketplace", "seller_code", "severity"]
    assert not PolicyViolation.objects.exists()


def test_schema_errors_are_field_named(as_user, operator, seller_a):
    response = as_user(operator).post("/violations", {"seller_code": "A1SELLER"})
    problem = assert_problem(response, 422)
    assert {"marketplace", "kind", "severity", "detected_at"} <= {
        e["field"] for e in problem["errors"]
    }
    bad_date = as_user(operator).post("/violations", body(detected_at="yesterday"))
    assert_problem(bad_date, 422, field="detected_at")


def test_resolved_before_detected_and_not_enrolled(as_user, operator, seller_a):
    response = as_user(operator).post(
        "/violations", body(marketplace="DE", resolved_at="2026-02-01T00:00:00Z")
    )
    problem = assert_problem(response, 422)
    codes = {(e["field"], e["code"]) for e in problem["errors"]}
    assert codes == {("marketplace", "not_enrolled"), ("resolved_at", "before_detected")}


def test_same_reference_is_409_with_the_existing_id(as_user, operator, seller_a):
    client = as_user(operator)
    first = client.post("/violations", body()).json()
    problem = assert_problem(client.post("/violations", body()), 409, field="reference")
    assert problem["existing_id"] == first["id"]
    assert PolicyViolation.objects.count() == 1
    # Without a reference the same event may be reported twice (nothing to recognise it by).
    assert client.post("/violations", body(reference="")).status_code == 201


def test_resolve(as_user, operator, seller_owner, seller_a):
    client = as_user(operator)
    vid = client.post("/violations", body()).json()["id"]
    assert_problem(as_user(seller_owner).post(f"/violations/{vid}/resolve", {}), 403)
    done = client.post(f"/violations/{vid}/resolve", {"resolved_at": "2026-03-02T00:00:00Z"})
    assert done.status_code == 200 and done.json()["resolved_at"].startswith("2026-03-02")
    assert_problem(client.post(f"/violations/{vid}/resolve", {}), 409)
    assert_problem(client.post("/violations/99999/resolve", {}), 404)


# --- health, status, report -------------------------------------------------------------------


@pytest.fixture
def evaluated(evaluate, seller_a, seller_b, operator):
    from sellerdesk.health import services

    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="JP",
        kind="safety",
        severity="critical",
        detected_at=at(DAY - timedelta(days=2)),
        now=at(DAY - timedelta(days=2)),
    )
    values = metrics_for(DAY, late_shipment_rate_10d=0.06) + metrics_for(
        DAY, marketplace="JP", late_shipment_rate_10d=0.05, valid_tracking_rate=0.93
    )
    evaluate(DAY, values)


def test_health_for_the_sellers_member(as_user, seller_owner, evaluated):
    response = as_user(seller_owner).get("/sellers/A1SELLER/health")
    assert response.status_code == 200, response.content
    health = response.json()
    assert health["score"] == 505  # 1000 − 62.5 (late, US) − 82.5 (tracking, JP) − 350
    assert (health["band"], health["status"], health["as_of"]) == (
        "at_risk",
        "deactivated",
        "2026-03-02",
    )
    assert health["bands"] == {"healthy": 700, "at_risk": 400}
    late = health["metrics"]["late_shipment_rate_10d"]
    assert (late["marketplace"], late["rate"], late["status"], late["beyond"]) == (
        "US",
        0.06,
        "bad",
        True,
    )
    assert set(health["marketplaces"]) == {"US", "JP"}
    assert health["marketplaces"]["JP"]["late_shipment_rate_10d"]["rate"] == 0.05
    assert {d["code"] for d in health["deductions"]} == {
        "late_shipment_rate_10d",
        "valid_tracking_rate",
        "safety",
    }
    assert health["violations"] == {"safety": {"open": 1, "resolved": 0}}
    assert health["restrictions"] == [
        {
            "kind": "selling_privileges_removed",
            "since": AccountCause.objects.get().since.isoformat(),
            "reason": "critical_policy_violation",
            "marketplace": "",
        }
    ]


def test_health_before_any_evaluation(as_user, seller_owner):
    health = as_user(seller_owner).get("/sellers/A1SELLER/health").json()
    assert (health["score"], health["band"], health["as_of"], health["metrics"]) == (
        None,
        None,
        None,
        {},
    )
    assert health["status"] == "normal"


def test_status_lists_the_active_causes(as_user, seller_owner, evaluated):
    status = as_user(seller_owner).get("/sellers/A1SELLER/status").json()
    assert status["status"] == "deactivated"
    (cause,) = status["causes"]
    assert cause["kind"] == "deactivation" and cause["appealable"] is True
    assert cause["reason_code"] == "critical_policy_violation"
    assert cause["restrictions"] == ["selling_privileges_removed"]
    assert cause["case_number"] is not None
    assert {"id", "since", "marketplace", "rule"} <= set(cause)


def test_seller_resource_returns_real_restrictions(as_user, seller_owner, evaluated):
    seller = as_user(seller_owner).get("/sellers/A1SELLER").json()
    assert seller["status"] == "deactivated"
    assert [r["kind"] for r in seller["restrictions"]] == ["selling_privileges_removed"]


@pytest.mark.parametrize("path", ["/health", "/health/report", "/status"])
def test_another_seller_gets_404(as_user, seller2_owner, evaluated, path):
    assert_problem(as_user(seller2_owner).get(f"/sellers/A1SELLER{path}"), 404)
    # And the answer for a seller that does not exist is the same.
    assert_problem(as_user(seller2_owner).get(f"/sellers/NOSUCH{path}"), 404)


@pytest.mark.parametrize("persona", ["agent_ss", "agent_ah", "operator"])
@pytest.mark.parametrize("path", ["/health", "/health/report", "/status"])
def test_staff_read_any_seller(request, as_user, evaluated, persona, path):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(f"/sellers/A1SELLER{path}").status_code == 200


# --- lifting through the API ---------------------------------------------------------------


def test_operator_lifts_through_the_api(as_user, operator, seller_owner, seller2_owner, evaluated):
    cause = AccountCause.objects.get()
    path = f"/causes/{cause.pk}/lift"
    assert_problem(as_user(seller2_owner).post(path, {"reason": "x"}), 404)  # not theirs
    assert_problem(as_user(seller_owner).post(path, {"reason": "x"}), 403)
    assert_problem(as_user(operator).post(path, {}), 422, field="reason")
    response = as_user(operator).post(path, {"reason": "Appeal accepted"})
    assert response.status_code == 200 and response.json()["lifted_at"]
    status = as_user(seller_owner).get("/sellers/A1SELLER/status").json()
    assert (status["status"], status["causes"]) == ("at_risk", [])
    assert_problem(as_user(operator).post(path, {"reason": "again"}), 409)
    assert_problem(as_user(operator).post("/causes/99999/lift", {"reason": "x"}), 404)


def test_routes_are_in_the_openapi_document(as_user, seller_owner):
    paths = ApiClient().client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/violations",
        "/api/v1/violations/{violation_id}/resolve",
        "/api/v1/sellers/{seller_code}/health",
        "/api/v1/sellers/{seller_code}/health/report",
        "/api/v1/sellers/{seller_code}/status",
        "/api/v1/causes/{cause_id}/lift",
    ):
        assert path in paths, path
