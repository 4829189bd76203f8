"""The demo's account health: orders imported through the import service, violations through
their service, four weeks of daily evaluations; the sellers' Account Health pages show it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from sellerdesk import demo
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import demo as cases_demo
from sellerdesk.health import advice
from sellerdesk.health import demo as health_demo
from sellerdesk.health.models import AccountCause, HealthSnapshot, PolicyViolation
from sellerdesk.orders.models import OrderImport

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def orders_dir(settings, tmp_path):
    settings.ORDERS_DIR = tmp_path / "orders"
    return settings.ORDERS_DIR


@pytest.fixture
def demo_users(db):
    return demo._ensure_people()


def test_the_demo_gives_one_healthy_and_one_at_risk_seller(demo_users):
    health_demo.load(now=NOW)
    (record,) = OrderImport.objects.all()
    assert record.status == "succeeded" and record.rejected_rows == 0
    assert 4000 < record.inserted < 9000
    assert PolicyViolation.objects.count() == 2
    assert AuditEvent.objects.filter(action="health.violation_recorded").count() == 2
    days = health_demo.EVALUATED_DAYS
    for code in ("A3SZSTAR01", "A7HZBRIGHT"):
        snapshots = list(HealthSnapshot.objects.filter(seller__code=code).order_by("as_of"))
        assert len(snapshots) == days
        assert snapshots[-1].as_of == (NOW - timedelta(days=1)).date()
        assert snapshots[0].as_of == (NOW - timedelta(days=days)).date()
    healthy = HealthSnapshot.objects.filter(seller__code="A3SZSTAR01")
    assert set(healthy.values_list("band", flat=True)) == {"healthy"}
    at_risk = HealthSnapshot.objects.filter(seller__code="A7HZBRIGHT").order_by("as_of")
    first, last = at_risk.first(), at_risk.last()
    assert first.band == "healthy" and last.band == "at_risk" and last.score < first.score
    beyond = {(m["marketplace"], m["metric"]) for m in last.metrics if m["beyond"]}
    assert ("US", "late_shipment_rate_10d") in beyond
    assert any(s.forecasts for s in at_risk)
    causes = AccountCause.objects.filter(seller__code="A7HZBRIGHT")
    assert {c.rule_code for c in causes} == {"late_shipment_mfn_suspension"}
    assert not AccountCause.objects.filter(seller__code="A3SZSTAR01").exists()

    # Loading again changes nothing.
    health_demo.load(now=NOW + timedelta(days=1))
    assert OrderImport.objects.count() == 1
    assert HealthSnapshot.objects.count() == 2 * days


def test_the_health_page_shows_the_demo_score_and_metrics(demo_users):
    health_demo.load(now=NOW)
    client = Client()
    client.force_login(demo_users["seller2_owner"])
    page = client.get(reverse("health", kwargs={"code": "A7HZBRIGHT"}))
    assert page.status_code == 200
    last = HealthSnapshot.objects.filter(seller__code="A7HZBRIGHT").latest("as_of")
    text = page.content.decode()
    assert str(last.score) in text
    assert "<polyline" in text  # the trend chart has its points
    late = next(
        m
        for m in last.metrics
        if (m["marketplace"], m["metric"]) == ("US", "late_shipment_rate_10d")
    )
    assert advice.percent(late["rate"]) in text
    assert str(advice.metric_label("late_shipment_rate_10d")) in text


def test_the_demo_sellers_cases_get_the_priority_their_health_earns(demo_users):
    """The demo evaluates account health before it opens cases: the healthy seller (no
    disputes) gets the high-health priority and faster targets, the at-risk one does not."""
    from sellerdesk.accounts.models import Seller
    from sellerdesk.cases.models import Case

    health_demo.load(now=NOW)
    cases_demo.load(demo_users, demo.SELLERS)
    healthy, at_risk = Seller.objects.get(code="A3SZSTAR01"), Seller.objects.get(code="A7HZBRIGHT")
    assert healthy.health_band == "healthy" and healthy.health_disputes == 0
    assert at_risk.health_band == "at_risk"
    opened_by_sellers = Case.objects.filter(created_by__isnull=False)
    assert set(
        opened_by_sellers.filter(seller=healthy).values_list("priority", "target_percent")
    ) == {("high", 80)}
    assert set(
        opened_by_sellers.filter(seller=at_risk).values_list("priority", "target_percent")
    ) == {("normal", 100)}
