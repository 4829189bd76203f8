"""End to end with the real data plane: orders imported into the Parquet dataset, metrics by
DuckDB, then the score, snapshot and enforcement of ``health_evaluate``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sellerdesk.health import services, tasks
from sellerdesk.health.models import HealthSnapshot
from sellerdesk.orders.services import order_import_run
from tests.orders.conftest import order, write_csv

AS_OF = date(2025, 3, 20)


@pytest.fixture(autouse=True)
def orders_dir(settings, tmp_path):
    settings.ORDERS_DIR = tmp_path / "orders"
    return settings.ORDERS_DIR


def _orders(n_late: int, n_total: int) -> list[dict]:
    rows = []
    ship_by = AS_OF - timedelta(days=3)
    for i in range(n_total):
        shipped = ship_by + (timedelta(days=1) if i < n_late else -timedelta(hours=5))
        rows.append(
            order(
                f"111-{i:07d}-0000001",
                purchased_at=f"{(ship_by - timedelta(days=2)).isoformat()}T10:00:00Z",
                ship_by=f"{ship_by.isoformat()}T10:00:00Z",
                shipped_at=f"{shipped.isoformat()}T10:00:00Z",
                promised_delivery_at=f"{(ship_by + timedelta(days=5)).isoformat()}T23:00:00Z",
                delivered_at="",
            )
        )
    return rows


def test_imported_orders_flow_into_the_score(seller_a, seller_owner, tmp_path):
    path = write_csv(tmp_path / "orders.csv", _orders(n_late=3, n_total=20))
    result = order_import_run(actor=None, path=path)
    assert result.inserted == 20
    summary = services.health_evaluate(as_of=AS_OF, engine="duckdb")
    assert summary.sellers == 1 and summary.unknown_sellers == []
    snapshot = HealthSnapshot.objects.get(seller=seller_a, as_of=AS_OF)
    late = {
        (m["marketplace"], m["metric"]): m
        for m in snapshot.metrics
        if m["metric"].startswith("late")
    }
    ten = late[("US", "late_shipment_rate_10d")]
    assert (ten["numerator"], ten["denominator"], ten["rate"], ten["beyond"]) == (3, 20, 0.15, True)
    assert snapshot.score < 1000
    assert any(d["code"] == "late_shipment_rate_10d" for d in snapshot.deductions)


def test_the_daily_task_evaluates_yesterday(seller_a):
    result = tasks.evaluate_daily.call_local()
    assert result["sellers"] == 1
    assert HealthSnapshot.objects.get(seller=seller_a).score == 1000  # no orders, no violations


def test_the_digest_task_runs(db):
    assert tasks.send_weekly_digests.call_local() == 0
