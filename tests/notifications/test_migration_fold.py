"""notifications.0003 folds the per-channel rows of a notice into one row (ADR 0009): the in-app
twin's read time is kept, lone rows keep their channel, nothing else is lost; and its reverse
splits them again."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("notifications", "0002_notice_frozen_context")]
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
READ = datetime(2026, 3, 2, 10, tzinfo=UTC)


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


def _old_rows(Notification):
    return sorted(
        Notification.objects.values_list(
            "recipient_id", "kind", "channel", "status", "attempts", "read_at", "dedupe_key"
        )
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_notice_becomes_one_row_with_its_channels_and_back(seller_owner, agent_ss):
    old = _migrate(BEFORE)
    try:
        Notification = old.get_model("notifications", "Notification")

        def row(user, channel, kind, **kw):
            in_app = channel == "in_app"
            return Notification.objects.create(
                recipient_id=user.pk,
                channel=channel,
                kind=kind,
                created_at=kw.pop("created_at", AT),
                status="sent" if in_app else kw.pop("status", "pending"),
                sent_at=AT if in_app else None,
                **kw,
            )

        # A keyed pair read in the app; an unkeyed pair not read; a pair whose email failed;
        # an email alone; an in-app notice alone.
        row(seller_owner, "email", "case.agent_reply", dedupe_key="k1", status="sent", attempts=1)
        row(seller_owner, "in_app", "case.agent_reply", dedupe_key="k1", read_at=READ)
        row(agent_ss, "email", "case.seller_reply", link="/console/cases/7")
        row(agent_ss, "in_app", "case.seller_reply", link="/console/cases/7")
        row(agent_ss, "email", "sla.warning", dedupe_key="k3", status="failed", attempts=12)
        row(agent_ss, "in_app", "sla.warning", dedupe_key="k3")
        row(agent_ss, "email", "sla.breach", dedupe_key="k2")
        row(seller_owner, "in_app", "case.resolved", created_at=READ)
        before = _old_rows(Notification)
    finally:
        new = _migrate_latest()  # the latest: nothing depends on it

    Notification = new.get_model("notifications", "Notification")
    assert Notification.objects.count() == 5
    rows = {
        (n.recipient_id, n.kind): (n.in_app, n.status, n.attempts, n.read_at, n.dedupe_key)
        for n in Notification.objects.all()
    }
    assert rows == {
        (seller_owner.pk, "case.agent_reply"): (True, "sent", 1, READ, "k1"),
        (agent_ss.pk, "case.seller_reply"): (True, "pending", 0, None, ""),
        (agent_ss.pk, "sla.warning"): (True, "failed", 12, None, "k3"),
        (agent_ss.pk, "sla.breach"): (False, "pending", 0, None, "k2"),
        (seller_owner.pk, "case.resolved"): (True, "none", 0, None, ""),
    }
    assert Notification.objects.get(kind="case.resolved").sent_at is None

    # And back: the same rows as before, channel by channel.
    try:
        old = _migrate(BEFORE)
        assert _old_rows(old.get_model("notifications", "Notification")) == before
    finally:
        _migrate_latest()
