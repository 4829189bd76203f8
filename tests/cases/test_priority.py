"""Priority from account health: a seller with a high score and few disputes gets the rule's
faster targets on every path that opens a case; a seller at risk, with disputes, or never
evaluated does not. The health evaluation keeps the inputs on the seller row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.system import case_open_for_system
from sellerdesk.health import services as health
from sellerdesk.orders.services import order_import_run
from sellerdesk.sites.models import Site
from sellerdesk.sla.models import SlaSettings
from tests.orders.conftest import order, write_csv

H = timedelta(hours=1)
AS_OF = date(2025, 3, 20)


def _health(seller, score, disputes, band="healthy"):
    seller.health_score, seller.health_disputes, seller.health_band = score, disputes, band
    seller.save(update_fields=["health_score", "health_disputes", "health_band"])


def _first_response(case):
    return case.first_response_due_at - case.created_at


@pytest.mark.parametrize(
    ("score", "disputes", "band", "bonus"),
    [
        (950, 0, "healthy", True),  # high health, no disputes: the rule's 80 %
        (800, 0, "healthy", True),  # at the threshold
        (950, 1, "healthy", False),  # a dispute
        (520, 0, "at_risk", False),  # the at-risk band
        (None, None, "", False),  # never evaluated
    ],
)
def test_the_same_case_is_faster_for_a_healthy_seller(
    make_case, seller_a, score, disputes, band, bonus
):
    _health(seller_a, score, disputes, band)
    case = make_case()  # order fulfilment: 72 h first response for the standard tier
    assert (case.priority, case.target_percent) == (("high", 80) if bonus else ("normal", 100))
    assert _first_response(case) == (72 * 0.8 * H if bonus else 72 * H)
    created = AuditEvent.objects.get(case=case, action="case.created")
    assert (created.after["health_score"], created.after["priority"]) == (score, case.priority)


def test_the_rule_is_configuration(make_case, seller_a):
    _health(seller_a, 700, 0)
    assert make_case().priority == "normal"
    settings = SlaSettings.current()
    settings.high_health_score, settings.high_health_target_percent = 650, 50
    settings.save()
    case = make_case(subject="another")
    assert (case.priority, case.target_percent) == ("high", 50)
    assert _first_response(case) == 36 * H


def test_system_cases_read_the_same_rule(seller_a):
    site = Site.objects.get(code="US")
    opened = {}
    for score in (900, 400):
        _health(seller_a, score, 0)
        opened[score] = case_open_for_system(
            seller=seller_a,
            site=site,
            case_type="account-deactivation",
            subject="Automated review",
            description="Score below the threshold",
            language="en",
            rule="test",
        )
    assert (opened[900].priority, opened[900].target_percent) == ("high", 80)
    assert (opened[400].priority, opened[400].target_percent) == ("normal", 100)
    assert _first_response(opened[900]) == 24 * 0.8 * H


def test_premium_is_high_whatever_the_health(make_case, seller_a):
    seller_a.tier = "premium"
    seller_a.save(update_fields=["tier"])
    _health(seller_a, 300, 5, "critical")
    case = make_case()
    assert (case.priority, case.target_percent) == ("high", 100)
    assert _first_response(case) == 36 * H  # the premium policy row: half of 72 h


@pytest.fixture
def orders_dir(settings, tmp_path):
    settings.ORDERS_DIR = tmp_path / "orders"
    return settings.ORDERS_DIR


def _orders(disputed: int) -> list[dict]:
    rows = []
    # 200 orders: one dispute keeps the order defect rate (0.5 %) within its 1 % target, so
    # the score stays high and only the dispute count tells the two sellers apart.
    for i in range(200):
        extra = {}
        if i < disputed:
            extra = {"claim_at": "2025-03-10T10:00:00Z", "claim_outcome": "granted"}
        elif i == disputed:  # a denied claim and a fraud chargeback are not disputes
            extra = {
                "claim_at": "2025-03-10T10:00:00Z",
                "claim_outcome": "denied",
                "chargeback_at": "2025-03-11T10:00:00Z",
                "chargeback_kind": "fraud",
            }
        rows.append(
            order(
                f"111-{i:07d}-0000001",
                purchased_at="2025-03-08T10:00:00Z",
                ship_by="2025-03-10T10:00:00Z",
                shipped_at="2025-03-09T10:00:00Z",
                promised_delivery_at="2025-03-15T23:00:00Z",
                delivered_at="2025-03-14T10:00:00Z",
                **extra,
            )
        )
    return rows


@pytest.mark.parametrize(("disputed", "bonus"), [(0, True), (1, False)])
def test_the_evaluation_counts_disputes_from_the_orders(
    orders_dir, tmp_path, seller_a, make_case, disputed, bonus
):
    order_import_run(actor=None, path=write_csv(tmp_path / "o.csv", _orders(disputed)))
    health.health_evaluate(as_of=AS_OF, engine="duckdb")
    seller_a.refresh_from_db()
    assert seller_a.health_as_of == AS_OF and seller_a.health_disputes == disputed
    assert seller_a.health_score >= SlaSettings.current().high_health_score
    case = make_case(now=timezone.now())
    assert case.priority == ("high" if bonus else "normal")
    # Evaluating an earlier day afterwards does not replace the latest evaluation.
    health.health_evaluate(as_of=AS_OF - timedelta(days=30), engine="duckdb")
    seller_a.refresh_from_db()
    assert seller_a.health_as_of == AS_OF
