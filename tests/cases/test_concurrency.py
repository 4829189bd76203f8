"""Two workers sweeping at once must act on each case exactly once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import autoclose, services


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_auto_close_sweeps_close_each_case_once(make_case, agent_ss):
    resolved_at = timezone.now() - timedelta(days=60)
    numbers = []
    for i in range(20):
        case = make_case(subject=f"case {i}")
        services.case_resolve(actor=agent_ss, case=case, now=resolved_at)
        numbers.append(case.number)

    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait(timeout=10)
            results.append(autoclose.cases_close_quiet(batch=100))
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(results) == 20
    assert AuditEvent.objects.filter(action="case.closed").count() == 20
