"""Two evaluations of the same day at once (a rerun while the scheduled job runs) leave one
snapshot, one cause, one case and one notice per seller."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case
from sellerdesk.health import services
from sellerdesk.health.models import AccountCause, HealthSnapshot
from sellerdesk.notifications.models import Notification

from .conftest import at, metrics_for

DAY = date(2026, 3, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_evaluations_act_once(seller_a, seller_owner, operator):
    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="US",
        kind="authenticity",
        severity="critical",
        detected_at=at(DAY - timedelta(days=1)),
        now=at(DAY),
    )
    values = metrics_for(DAY, late_shipment_rate_10d=0.06)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def run():
        try:
            barrier.wait(timeout=10)
            services.health_record(as_of=DAY, metric_values=values, now=at(DAY))
        except Exception as exc:  # a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert HealthSnapshot.objects.filter(seller=seller_a, as_of=DAY).count() == 1
    assert AccountCause.objects.filter(seller=seller_a).count() == 1
    assert Case.objects.filter(seller=seller_a).count() == 1
    assert AuditEvent.objects.filter(action="health.cause_opened").count() == 1
    assert Notification.objects.in_app().filter(kind="health.enforcement").count() == 1
    assert Notification.objects.in_app().filter(kind="health.metric_alert").count() == 1
