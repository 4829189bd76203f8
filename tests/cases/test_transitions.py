"""Every status change goes through the lifecycle's table: any (status, event) outside it is
refused by ``transitions.move``, and the services that close cases by themselves (merge,
auto-close) are refused too when the table does not allow their move."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import autoclose, lifecycle, merge, services, transitions
from sellerdesk.cases.lifecycle import Event as E
from sellerdesk.cases.lifecycle import Status as S
from sellerdesk.cases.models import Case
from sellerdesk.lib.errors import Conflict

OUTSIDE = [
    (status, event)
    for status, event in product(S, E)
    if (status, event) not in lifecycle.TRANSITIONS
]


@pytest.mark.parametrize(("status", "event"), OUTSIDE)
def test_any_transition_outside_the_table_is_refused(status, event):
    case = Case(number=10_000_001, status=status)
    with pytest.raises(Conflict):
        transitions.move(case, event, timezone.now())
    assert case.status == status


def test_the_table_covers_merge_and_auto_close():
    assert lifecycle.next_status(S.RESOLVED, E.AUTO_CLOSE) == S.CLOSED
    assert {s for (s, e) in lifecycle.TRANSITIONS if e == E.MERGE} == set(lifecycle.ACTIVE)
    assert (S.RESOLVED, E.MERGE) not in lifecycle.TRANSITIONS


def test_merge_moves_the_case_through_the_table(make_case, agent_ss, monkeypatch):
    first, second = make_case(), make_case(subject="second")
    table = {k: v for k, v in lifecycle.TRANSITIONS.items() if k[1] != E.MERGE}
    monkeypatch.setattr(lifecycle, "TRANSITIONS", table)
    with pytest.raises(Conflict):
        merge.case_merge(actor=agent_ss, case=second, into=first)
    second.refresh_from_db()
    assert second.status == S.NEW and second.duplicate_of is None
    assert not AuditEvent.objects.filter(action="case.merged").exists()


def test_auto_close_moves_the_case_through_the_table(make_case, agent_ss, monkeypatch):
    case = make_case()
    resolved_at = timezone.now() - timedelta(days=30)
    services.case_resolve(actor=agent_ss, case=case, now=resolved_at)
    table = {k: v for k, v in lifecycle.TRANSITIONS.items() if k[1] != E.AUTO_CLOSE}
    monkeypatch.setattr(lifecycle, "TRANSITIONS", table)
    with pytest.raises(Conflict):
        autoclose.cases_close_quiet()
    case.refresh_from_db()
    assert case.status == S.RESOLVED
    monkeypatch.undo()
    assert autoclose.cases_close_quiet() == 1
    case.refresh_from_db()
    assert case.status == S.CLOSED


def test_merging_a_resolved_case_is_refused(make_case, agent_ss):
    first, second = make_case(), make_case(subject="second")
    services.case_resolve(actor=agent_ss, case=second)
    with pytest.raises(Conflict):
        merge.case_merge(actor=agent_ss, case=second, into=first)
