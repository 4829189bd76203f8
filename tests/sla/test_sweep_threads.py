"""A sweep pass runs its chunks on worker threads on PostgreSQL (each its own connection and
transactions), on one thread on SQLite (one writer) and inside a caller's transaction; either
way each event fires once. And the minute's run catches up with a backlog."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import sweep
from sellerdesk.cases.models import Case
from sellerdesk.notifications.models import Notification

H = timedelta(hours=1)


def _overdue(make_case, n: int) -> list[int]:
    t0 = timezone.now() - 100 * H  # order fulfilment: first response breached, resolution warned
    return [make_case(subject=f"t{i}", now=t0).pk for i in range(n)]


def _record_threads(monkeypatch, *, both_start: bool = False) -> Counter:
    """Which threads ran how many cases; with ``both_start``, each of two threads waits for
    the other in its first chunk, so neither can take every chunk."""
    ran: Counter = Counter()
    real_chunk = sweep._Sweep.chunk
    barrier = threading.Barrier(2)

    def chunk(self, pks):
        name = threading.current_thread().name
        if both_start and name not in ran:
            barrier.wait(timeout=30)
        ran[name] += len(pks)
        return real_chunk(self, pks)

    monkeypatch.setattr(sweep._Sweep, "chunk", chunk)
    return ran


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chunks_run_on_worker_threads_on_postgresql_and_fire_each_event_once(
    make_case, lead_ss, monkeypatch
):
    swept = _overdue(make_case, 12)
    ran = _record_threads(monkeypatch, both_start=connection.vendor == "postgresql")
    assert sweep.sla_sweep(chunk=2, workers=2) == 2 * 12
    assert sum(ran.values()) == 12
    if connection.vendor == "postgresql":
        assert set(ran) == {"sla-sweep-0", "sla-sweep-1"}
    else:
        assert set(ran) == {threading.current_thread().name}
    assert sweep.sla_sweep(chunk=2, workers=2) == 0
    labels = Counter(
        AuditEvent.objects.filter(
            case_id__in=swept, actor_label__startswith="system:sla_"
        ).values_list("case_id", "actor_label")
    )
    assert len(labels) == 2 * 12 and set(labels.values()) == {1}
    notices = Counter(Notification.objects.values_list("dedupe_key", "recipient_id"))
    assert len(notices) == 2 * 12 and set(notices.values()) == {1}  # the lead, each event once
    assert Case.objects.filter(pk__in=swept, escalation_reason="sla_breach").count() == 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_error_in_a_worker_thread_reaches_the_caller_and_other_chunks_stand(
    make_case, lead_ss, monkeypatch
):
    swept = _overdue(make_case, 4)
    real_write_back = sweep._write_back
    failing = swept[0]

    def write_back_then_fail(cases):
        written = real_write_back(cases)  # the case is updated in the chunk's transaction …
        if failing in written:
            raise RuntimeError("boom")  # … which then fails
        return written

    monkeypatch.setattr(sweep, "_write_back", write_back_then_fail)
    with pytest.raises(RuntimeError, match="boom"):
        sweep.sla_sweep(chunk=1, workers=2)
    # The failed chunk's update was rolled back with it; on PostgreSQL the other thread took
    # the other chunks.
    assert not AuditEvent.objects.filter(case_id=failing, action__startswith="case.sla_")
    assert Case.objects.get(pk=failing).escalated_at is None
    if connection.vendor != "postgresql":
        return  # one thread: the error ends the pass
    for pk in swept[1:]:
        assert AuditEvent.objects.filter(case_id=pk, action="case.sla_breached").count() == 1


def test_inside_a_transaction_the_chunks_share_it(make_case, lead_ss, monkeypatch):
    # A test's (or a caller's) open transaction: threads could not see its rows.
    _overdue(make_case, 4)
    ran = _record_threads(monkeypatch)
    assert sweep.sla_sweep(chunk=1, workers=2) == 8
    assert set(ran) == {threading.current_thread().name}


def test_the_minutes_run_catches_up_with_a_backlog(make_case, lead_ss, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "SLA_SWEEP_BATCH": 3, "SLA_SWEEP_CHUNK": 2}
    swept = _overdue(make_case, 8)
    assert sweep.sla_sweep_backlog() == 2 * 8  # two passes of three, then one of two
    assert not Case.objects.filter(pk__in=swept, sla_check_at__lte=timezone.now()).exists()


def test_the_backlog_run_stops_at_its_budget(make_case, lead_ss, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "SLA_SWEEP_BATCH": 3, "SLA_SWEEP_CHUNK": 2}
    _overdue(make_case, 8)
    assert sweep.sla_sweep_backlog(budget_seconds=0) == 2 * 3  # one pass, then out of time
    assert sweep.sla_sweep_backlog() == 2 * 5


def test_the_backlog_run_stops_when_the_same_cases_stay_due(make_case, settings, monkeypatch):
    settings.SELLERDESK = {**settings.SELLERDESK, "SLA_SWEEP_BATCH": 2}
    _overdue(make_case, 3)
    passes = []
    monkeypatch.setattr(sweep._Sweep, "chunk", lambda self, pks: passes.append(pks) or 0)
    assert sweep.sla_sweep_backlog() == 0  # a fault, not 45 s of spinning
    assert len(passes) == 2 and passes[0] == passes[1]


@pytest.mark.parametrize(
    "name, value", [("SLA_SWEEP_BATCH", 0), ("SLA_SWEEP_CHUNK", 0), ("SLA_SWEEP_WORKERS", -1)]
)
def test_a_setting_below_one_is_refused_by_name(settings, name, value):
    settings.SELLERDESK = {**settings.SELLERDESK, name: value}
    with pytest.raises(ImproperlyConfigured, match=f"SELLERDESK_{name}"):
        sweep.sla_sweep()
    with pytest.raises(ImproperlyConfigured, match=f"SELLERDESK_{name}"):
        sweep.sla_sweep_backlog()
