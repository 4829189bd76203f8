"""The sweep in chunks: conditional writes in one statement, calendars, dedupe and closed cases."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sellerdesk.accounts.models import Team
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.cases import sweep
from sellerdesk.cases.models import Case
from sellerdesk.lib.bulk import RowsChanged
from sellerdesk.notifications.models import Notification
from sellerdesk.sla.models import BusinessCalendar

H = timedelta(hours=1)


def _overdue_cases(make_case, n: int) -> list[Case]:
    """Order-fulfilment cases (Seller Support) whose 72 h first response is breached and 120 h
    resolution warned: two events each."""
    t0 = timezone.now() - 100 * H
    return [make_case(subject=f"c{i}", now=t0) for i in range(n)]


def test_a_case_changed_since_it_was_read_is_not_written_nor_its_events_recorded(
    make_case, monkeypatch
):
    """The sweep's write is its claim: only where sla_check_at and updated_at are still as
    read. Here another worker's (or an agent's) change lands between the read and the write."""
    cases = _overdue_cases(make_case, 3)
    changed = cases[1]
    real_write_back = sweep._write_back

    def write_back_after_a_change(due):
        Case.objects.filter(pk=changed.pk).update(updated_at=timezone.now() + H)
        return real_write_back(due)

    monkeypatch.setattr(sweep, "_write_back", write_back_after_a_change)
    if connection.vendor == "sqlite":
        # SQLite: the chunk holds the write lock from its read on, so such a change cannot
        # come from outside; if it happens anyway the chunk is rolled back, not half-written.
        with pytest.raises(RowsChanged):
            sweep.sla_sweep()
        assert not AuditEvent.objects.filter(action__startswith="case.sla_").exists()
        return
    assert sweep.sla_sweep() == 4  # two events each on the two others
    changed.refresh_from_db()
    assert changed.escalated_at is None and changed.sla_warned == []
    assert not AuditEvent.objects.filter(case_id=changed.pk, action__startswith="case.sla_")
    assert not Notification.objects.filter(dedupe_key__contains=f":{changed.pk}:").exists()


def test_chunks_fire_each_event_once(make_case, lead_ss):
    swept = _overdue_cases(make_case, 7)
    assert sweep.sla_sweep(chunk=3) == 14
    assert sweep.sla_sweep() == 0
    assert AuditEvent.objects.filter(action="case.sla_breached").count() == 7
    assert AuditEvent.objects.filter(action="case.sla_warning").count() == 7
    for case in swept:
        case.refresh_from_db()
        assert case.escalated_at is not None and case.first_response_breached_at is not None
        assert case.sla_warned == ["first_response", "resolution"]
        assert case.sla_check_at == case.resolution_due_at
    leads = Notification.objects.filter(recipient=lead_ss)
    assert leads.count() == 7 * 2  # two events a case
    assert leads.emails().in_app().count() == 7 * 2  # each by email and in the app


def test_statements_do_not_grow_with_the_cases_in_a_chunk(make_case, agent_ss, lead_ss):
    counts = []
    for n in (2, 6):
        _overdue_cases(make_case, n)
        with CaptureQueriesContext(connection) as queries:
            assert sweep.sla_sweep() == 2 * n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_already_queued_notice_is_skipped_not_an_error(make_case, lead_ss):
    case = _overdue_cases(make_case, 1)[0]
    key = f"sla.breach:{case.pk}:first_response"
    Notification.objects.create(
        recipient=lead_ss,
        in_app=False,
        kind="sla.breach",
        subject="earlier",
        body="earlier",
        dedupe_key=key,
        created_at=timezone.now(),
    )
    assert sweep.sla_sweep() == 2
    queued = Notification.objects.filter(recipient=lead_ss, dedupe_key=key)
    assert [(n.subject, n.in_app) for n in queued] == [("earlier", False)]
    assert AuditEvent.objects.filter(case=case, action="case.sla_breached").count() == 1


def test_a_closed_case_leaves_the_sweep(make_case, agent_ss):
    case = _overdue_cases(make_case, 1)[0]
    cases.case_resolve(actor=agent_ss, case=case, body="done")
    Case.objects.filter(pk=case.pk).update(status="closed", sla_check_at=timezone.now() - H)
    assert sweep.sla_sweep() == 0
    case.refresh_from_db()
    assert case.sla_check_at is None


def test_warning_at_the_end_of_the_working_day_waits_for_the_next(make_case, lead_ss):
    BusinessCalendar.objects.create(
        name="Seller Support, every day 09–18 UTC",
        time_zone="UTC",
        hours={str(d): [["09:00", "18:00"]] for d in range(7)},
        team=Team.objects.get(code="seller-support"),
    )
    t0 = datetime(2024, 1, 8, 9, tzinfo=UTC)  # a Monday, 09:00
    case = make_case(now=t0)  # order fulfilment: 72 h first response, warned at 54 h
    day_6_end = datetime(2024, 1, 13, 18, tzinfo=UTC)
    day_7_start = datetime(2024, 1, 14, 9, tzinfo=UTC)
    assert case.sla_check_at == day_6_end  # 54 working hours: six days of nine
    assert sweep.sla_sweep(now=day_6_end) == 0  # after hours: deferred
    case.refresh_from_db()
    assert case.sla_warned == []
    assert case.sla_check_at == day_7_start  # not due again until then
    assert sweep.sla_sweep(now=day_7_start) == 1
    case.refresh_from_db()
    assert case.sla_warned == ["first_response"]
    assert case.sla_check_at == case.first_response_due_at == datetime(2024, 1, 15, 18, tzinfo=UTC)
    assert Notification.objects.filter(recipient=lead_ss, kind="sla.warning").count() == 1
