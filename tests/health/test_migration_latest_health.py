"""health.0003 fills each seller row's latest evaluation from its latest snapshot (disputes
stay unknown until the next evaluation counts them); its reverse empties them."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("health", "0002_defaults")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_latest():
    """Forward to every app's latest migration: going back to BEFORE also unapplied the later
    apps that depend on it (appeals), which the tests after this one need."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    return executor.loader.project_state(leaves).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_latest_snapshot_fills_the_seller_row_and_back(seller_a, seller_b):
    old = _migrate(BEFORE)
    try:
        Snapshot = old.get_model("health", "HealthSnapshot")
        at = datetime(2026, 3, 2, 3, tzinfo=UTC)
        for day, score, band in (
            (date(2026, 3, 1), 910, "healthy"),
            (date(2026, 3, 2), 640, "at_risk"),
        ):
            Snapshot.objects.create(
                seller_id=seller_a.pk, as_of=day, score=score, band=band, computed_at=at
            )
    finally:
        new = _migrate_latest()
    Seller = new.get_model("accounts", "Seller")
    a, b = Seller.objects.get(pk=seller_a.pk), Seller.objects.get(pk=seller_b.pk)
    assert (a.health_score, a.health_band, a.health_as_of) == (640, "at_risk", date(2026, 3, 2))
    assert a.health_disputes is None  # not counted before: no priority bonus until evaluated
    assert (b.health_score, b.health_band, b.health_as_of) == (None, "", None)
    try:
        _migrate(BEFORE)
        seller_a.refresh_from_db()
        assert (seller_a.health_score, seller_a.health_band) == (None, "")
    finally:
        _migrate_latest()
