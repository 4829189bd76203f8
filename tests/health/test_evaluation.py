"""The daily evaluation end to end on the database: snapshots, enforcement at its boundaries,
the system's case and notice, status, and the operator's lift."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sellerdesk.accounts.models import Seller
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case
from sellerdesk.health import causes, services
from sellerdesk.health.models import (
    AccountCause,
    EnforcementRule,
    HealthSettings,
    HealthSnapshot,
)
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed
from sellerdesk.notifications.models import Notification

from .conftest import at, metrics_for

DAY = date(2026, 3, 2)


def days(n, start=DAY):
    return [start + timedelta(days=i) for i in range(n)]


def critical_violation(seller, operator, when):
    return services.violation_create(
        actor=operator,
        seller_code=seller.code,
        marketplace="US",
        kind="authenticity",
        severity="critical",
        detected_at=when,
        now=when,
    )


def test_snapshot_stores_score_band_metrics_and_deductions(evaluate, seller_a, seller_b):
    values = metrics_for(DAY, late_shipment_rate_10d=0.06) + metrics_for(
        DAY, marketplace="JP", valid_tracking_rate=0.93
    )
    summary = evaluate(DAY, values)
    assert summary.sellers == 2  # seller_b has no orders: a snapshot of violations only
    snap = HealthSnapshot.objects.get(seller=seller_a, as_of=DAY)
    assert snap.score == 855  # 1000 − 62.5 (late 6 % vs 4 %) − 82.5 (tracking 93 % vs 95 %)
    assert snap.band == "healthy"
    assert len(snap.metrics) == 14
    late = next(m for m in snap.metrics if m["metric"] == "late_shipment_rate_10d" and m["beyond"])
    assert (late["marketplace"], late["rate"], late["status"]) == ("US", 0.06, "bad")
    assert {(d["code"], d["marketplace"]) for d in snap.deductions} == {
        ("late_shipment_rate_10d", "US"),
        ("valid_tracking_rate", "JP"),
    }
    assert HealthSnapshot.objects.get(seller=seller_b, as_of=DAY).score == 1000


def test_rerunning_a_day_replaces_its_snapshot(evaluate, seller_a):
    evaluate(DAY, metrics_for(DAY, late_shipment_rate_10d=0.08))
    evaluate(DAY, metrics_for(DAY))
    assert list(HealthSnapshot.objects.filter(seller=seller_a).values_list("score", flat=True)) == [
        1000
    ]


def test_metrics_of_unknown_sellers_are_reported_not_stored(evaluate, seller_a):
    summary = evaluate(DAY, metrics_for(DAY, seller="NOSUCH1"), codes=None)
    assert summary.unknown_sellers == ["NOSUCH1"]


def test_seller_codes_limit_the_evaluation(evaluate, seller_a, seller_b):
    summary = evaluate(DAY, metrics_for(DAY), codes=["a1seller"])
    assert summary.sellers == 1
    assert not HealthSnapshot.objects.filter(seller=seller_b).exists()


def test_violations_count_in_the_score(evaluate, seller_a, operator):
    critical_violation(seller_a, operator, at(DAY - timedelta(days=3)))
    evaluate(DAY, metrics_for(DAY))
    snap = HealthSnapshot.objects.get(seller=seller_a)
    assert snap.score == 650
    assert snap.violations == {"authenticity": {"open": 1, "resolved": 0}}


# --- score below 400: automated review ------------------------------------------------------


def _drop_score_to(seller, operator, when, n_high: int):
    for i in range(n_high):
        services.violation_create(
            actor=operator,
            seller_code=seller.code,
            marketplace="US",
            kind="listing_policy",
            severity="high",
            detected_at=when,
            reference=f"r{i}",
            now=when,
        )


def test_score_400_is_no_review(evaluate, seller_a, seller_owner, operator):
    _drop_score_to(seller_a, operator, at(DAY - timedelta(days=1)), 4)  # 1000 − 600
    evaluate(DAY, [])
    seller_a.refresh_from_db()
    assert HealthSnapshot.objects.get(seller=seller_a).score == 400
    assert seller_a.status == "at_risk"
    assert not AccountCause.objects.exists()


def test_score_399_starts_the_automated_review(evaluate, seller_a, seller_owner, operator):
    _drop_score_to(seller_a, operator, at(DAY - timedelta(days=1)), 4)
    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="JP",
        kind="other",
        severity="low",
        detected_at=at(DAY - timedelta(days=200)),  # outside the window: no effect
    )
    # One more quarter point per high violation: 1000 − 4 × 150.25 = 399.
    HealthSettings.objects.update(
        severity_points={"low": 20, "medium": 60, "high": 150.25, "critical": 350}
    )
    evaluate(DAY, [])
    seller_a.refresh_from_db()
    assert HealthSnapshot.objects.get(seller=seller_a).score == 399
    assert seller_a.status == "under_review"
    cause = AccountCause.objects.get()
    assert (cause.kind, cause.reason_code, cause.rule_code, cause.marketplace) == (
        "review",
        "health_score_below_threshold",
        "score_review",
        "",
    )
    # The system opened an Account Health case in the owner's language, audited with the rule.
    case = Case.objects.get()
    assert cause.case == case
    assert (case.case_type.code, case.team.code, case.created_by, case.language) == (
        "account-health-review",
        "account-health",
        None,
        "zh-hans",
    )
    assert "账户健康" in case.subject or "健康分" in case.subject
    created = AuditEvent.objects.get(action="case.created", object_id=str(case.pk))
    assert created.actor_label == "system:score_review"
    opened = AuditEvent.objects.get(action="health.cause_opened")
    assert opened.actor_label == "system:score_review"
    status = AuditEvent.objects.filter(action="seller.status_changed").last()
    assert status.after == {"status": "under_review"}
    assert status.actor_label == "system:health_evaluation"
    # The seller was told, in Chinese.
    notice = Notification.objects.in_app().get(kind="health.enforcement")
    assert notice.recipient == seller_owner and "自动审核" in notice.subject
    # Evaluating again does not open a second cause or case.
    evaluate(DAY + timedelta(days=1), [])
    assert AccountCause.objects.count() == 1 and Case.objects.count() == 1


# --- metric beyond target N consecutive times: restriction -----------------------------------


def test_restriction_after_3_consecutive_late_evaluations_not_2(evaluate, seller_a, seller_owner):
    d1, d2, d3 = days(3)
    evaluate(d1, metrics_for(d1, late_shipment_rate_10d=0.05))
    evaluate(d2, metrics_for(d2, late_shipment_rate_10d=0.05))
    assert not AccountCause.objects.exists()
    evaluate(d3, metrics_for(d3, late_shipment_rate_10d=0.05))
    cause = AccountCause.objects.get()
    assert (cause.kind, cause.marketplace, cause.restrictions) == (
        "restriction",
        "US",
        ["mfn_offers_suspended"],
    )
    assert cause.case is None  # restrictions open no case by default
    seller_a.refresh_from_db()
    assert seller_a.status == "restricted"


def test_a_good_day_breaks_the_run(evaluate, seller_a):
    for day, rate in zip(days(4), [0.05, 0.05, 0.01, 0.05], strict=True):
        evaluate(day, metrics_for(day, late_shipment_rate_10d=rate))
    assert not AccountCause.objects.exists()


# --- operator lift ----------------------------------------------------------------------------


def _restricted(evaluate):
    for day in days(3):
        evaluate(day, metrics_for(day, late_shipment_rate_10d=0.05))
    return AccountCause.objects.get()


def test_operator_lifts_a_restriction_and_the_rule_needs_a_fresh_run(
    evaluate, seller_a, seller_owner, operator
):
    cause = _restricted(evaluate)
    lift_time = at(DAY + timedelta(days=2), hour=12)
    causes.cause_lift(actor=operator, cause=cause, reason="Carrier outage, verified", now=lift_time)
    seller_a.refresh_from_db()
    assert seller_a.status == "normal"
    cause.refresh_from_db()
    assert (cause.lifted_by, cause.lift_reason) == (operator, "Carrier outage, verified")
    event = AuditEvent.objects.get(action="health.cause_lifted")
    assert event.actor == operator
    assert Notification.objects.filter(kind="health.cause_lifted", recipient=seller_owner).exists()
    # Still late: two more evaluations are not enough, the third after the lift is.
    d4, d5, d6 = days(3, start=DAY + timedelta(days=3))
    evaluate(d4, metrics_for(d4, late_shipment_rate_10d=0.05))
    evaluate(d5, metrics_for(d5, late_shipment_rate_10d=0.05))
    assert AccountCause.objects.filter(lifted_at__isnull=True).count() == 0
    evaluate(d6, metrics_for(d6, late_shipment_rate_10d=0.05))
    assert AccountCause.objects.filter(lifted_at__isnull=True).count() == 1


def test_only_operators_lift_with_a_reason_once(evaluate, seller_a, agent_ah, operator):
    cause = _restricted(evaluate)
    with pytest.raises(Forbidden):
        causes.cause_lift(actor=agent_ah, cause=cause, reason="x")
    with pytest.raises(ValidationFailed) as exc:
        causes.cause_lift(actor=operator, cause=cause, reason="  ")
    assert exc.value.errors[0].field == "reason"
    causes.cause_lift(actor=operator, cause=cause, reason="ok")
    with pytest.raises(Conflict):
        causes.cause_lift(actor=operator, cause=cause, reason="again")


# --- critical: deactivation ---------------------------------------------------------------------


def test_critical_violation_deactivates_and_lifting_it_restores(evaluate, seller_a, operator):
    critical_violation(seller_a, operator, at(DAY - timedelta(days=1)))
    evaluate(DAY, [])
    seller_a.refresh_from_db()
    assert seller_a.status == "deactivated"
    cause = AccountCause.objects.get(kind="deactivation")
    assert cause.appealable and cause.restrictions == ["selling_privileges_removed"]
    assert cause.case.case_type.code == "account-deactivation"
    causes.cause_lift(actor=operator, cause=cause, reason="Appeal accepted", now=at(DAY, 12))
    seller_a.refresh_from_db()
    assert seller_a.status == "at_risk"  # 650: no cause left, band at risk
    # The same (already judged) violation does not deactivate again.
    evaluate(DAY + timedelta(days=1), [])
    assert Seller.objects.get(pk=seller_a.pk).status == "at_risk"


def test_critical_score_for_14_evaluations_deactivates(evaluate, seller_a, operator):
    _drop_score_to(seller_a, operator, at(DAY - timedelta(days=1)), 5)  # 250
    for day in days(13):
        evaluate(day, [])
    assert not AccountCause.objects.filter(kind="deactivation").exists()
    evaluate(DAY + timedelta(days=13), [])
    assert AccountCause.objects.filter(kind="deactivation").count() == 1
    assert Seller.objects.get(pk=seller_a.pk).status == "deactivated"


def test_inactive_rule_does_not_fire(evaluate, seller_a, operator):
    EnforcementRule.objects.filter(code="critical_violation_deactivation").update(active=False)
    critical_violation(seller_a, operator, at(DAY - timedelta(days=1)))
    evaluate(DAY, [])
    assert not AccountCause.objects.exists()
