"""The demo's appeal: the restricted demo seller has one appeal sent back for more
information, so a new user sees the feature at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sellerdesk import demo
from sellerdesk.appeals import demo as appeals_demo
from sellerdesk.appeals.models import Appeal, AppealDecision
from sellerdesk.cases.lifecycle import Status
from sellerdesk.health import demo as health_demo

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def orders_dir(settings, tmp_path):
    settings.ORDERS_DIR = tmp_path / "orders"


def test_the_restricted_demo_seller_has_an_appeal_waiting_on_it(db):
    users = demo._ensure_people()
    health_demo.load(now=NOW)
    appeal = appeals_demo.load(users, now=NOW)
    assert appeal is not None
    appeal.refresh_from_db()
    assert appeal.seller.code == "A7HZBRIGHT"
    assert appeal.status == Appeal.Status.INFO_REQUESTED
    assert appeal.case.status == Status.AWAITING_SELLER
    assert appeal.versions.count() == 1
    assert appeal.versions.get().evidence.count() == 1
    (decision,) = AppealDecision.objects.all()
    assert decision.outcome == "request_info" and decision.decided_by.email.startswith("hana")
    # Once: a second load leaves it alone.
    assert appeals_demo.load(users, now=NOW) is None
    assert Appeal.objects.count() == 1
