"""Operators edit the rules and the score's numbers in the admin (audited), and lift causes."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client

from sellerdesk.audit.models import AuditEvent
from sellerdesk.health import services
from sellerdesk.health.models import AccountCause, EnforcementRule, HealthSettings

from .conftest import at, metrics_for

DAY = date(2026, 3, 2)


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_rules_are_seeded_and_edits_are_audited(operator):
    codes = set(EnforcementRule.objects.values_list("code", flat=True))
    assert {
        "score_review",
        "late_shipment_mfn_suspension",
        "valid_tracking_mfn_suspension",
        "critical_score_deactivation",
        "critical_violation_deactivation",
    } <= codes
    rule = EnforcementRule.objects.get(code="late_shipment_mfn_suspension")
    client = admin_client(operator)
    url = f"/admin/health/enforcementrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "code": rule.code,
        "name_en": rule.name_en,
        "name_zh": rule.name_zh,
        "trigger": rule.trigger,
        "threshold": "",
        "metric": rule.metric,
        "min_severity": "",
        "violation_kind": "",
        "consecutive": 5,
        "action": rule.action,
        "restrictions": '["mfn_offers_suspended"]',
        "reason_code": rule.reason_code,
        "appealable": "on",
        "case_type": "",
        "active": "on",
        "position": rule.position,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.consecutive == 5
    event = AuditEvent.objects.get(action="health.enforcementrule.updated")
    assert (event.actor, event.before, event.after) == (
        operator,
        {"consecutive": 3},
        {"consecutive": 5},
    )


def test_rule_validation_names_the_field(operator):
    rule = EnforcementRule.objects.get(code="late_shipment_mfn_suspension")
    rule.metric = "late_shipment_rate_99d"
    try:
        rule.full_clean()
    except Exception as exc:  # ValidationError
        assert "metric" in exc.message_dict
    else:
        raise AssertionError("an unknown metric must not validate")


def test_settings_validation(db):
    conf = HealthSettings.current()
    conf.severity_points = {"low": 100, "medium": 50, "high": 150, "critical": 350}
    try:
        conf.full_clean()
    except Exception as exc:
        assert "severity_points" in exc.message_dict
    else:
        raise AssertionError("a worse violation must not cost less")


def test_admin_action_lifts_causes(operator, evaluate, seller_a):
    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="US",
        kind="safety",
        severity="critical",
        detected_at=at(DAY - timedelta(days=1)),
        now=at(DAY),
    )
    evaluate(DAY, metrics_for(DAY))
    cause = AccountCause.objects.get()
    response = admin_client(operator).post(
        "/admin/health/accountcause/",
        {"action": "lift_selected", "_selected_action": [cause.pk]},
    )
    assert response.status_code == 302
    cause.refresh_from_db()
    assert cause.lifted_by == operator and cause.lifted_at is not None
    seller_a.refresh_from_db()
    assert seller_a.status == "at_risk"
