"""The worker's refresh keeps the rollups equal to a rebuild from scratch, reading only the
cases changed since the last refresh (the audit log's events), and says how old they are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.accounts.models import Team
from sellerdesk.cases import services
from sellerdesk.cases.routing import case_move
from sellerdesk.reports.models import CaseDay, CaseFact, DurationBucket, RollupState
from sellerdesk.reports.registry import run
from sellerdesk.reports.rollup import rollup_rebuild, rollup_refresh

pytestmark = pytest.mark.django_db

DAY_COLUMNS = [f.name for f in CaseDay._meta.fields if f.name != "id"]
BUCKET_COLUMNS = [f.name for f in DurationBucket._meta.fields if f.name != "id"]


def _snapshot() -> tuple:
    days = sorted(CaseDay.objects.values_list(*DAY_COLUMNS))
    buckets = sorted(DurationBucket.objects.values_list(*BUCKET_COLUMNS))
    facts = sorted(CaseFact.objects.values_list())
    return days, buckets, facts


def test_refresh_reads_changes_and_matches_a_rebuild(make_case, agent_ss, lead_ss):
    first = make_case()
    second = make_case(subject="Another parcel lost")
    assert rollup_refresh()["cases"] == 2  # the first refresh rebuilds
    assert CaseFact.objects.count() == 2
    services.case_message_add(actor=agent_ss, case=first, body="We are on it.")
    services.case_resolve(actor=agent_ss, case=first, body="Refunded.")
    case_move(actor=lead_ss, case=second, team=Team.objects.get(code="fba"), reason="Inventory")
    third = make_case(subject="Third one")
    result = rollup_refresh()
    assert result["cases"] == 3  # first (replied, resolved), second (moved), third (new)
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental
    fact = CaseFact.objects.get(case_id=first.pk)
    assert fact.resolved_day == timezone.now().date()
    assert fact.first_response_seconds is not None
    assert CaseFact.objects.filter(case_id=third.pk).exists()
    assert CaseFact.objects.get(case_id=second.pk).team_id == Team.objects.get(code="fba").pk


def test_a_reopened_case_leaves_its_old_resolution_day(make_case, agent_ss, seller_owner):
    case = make_case()
    services.case_resolve(actor=agent_ss, case=case, body="Done.")
    rollup_refresh()
    assert sum(CaseDay.objects.values_list("resolved", flat=True)) == 1
    services.case_reopen(actor=seller_owner, case=case, reason="Still not received")
    rollup_refresh()
    assert sum(CaseDay.objects.values_list("resolved", flat=True)) == 0
    assert sum(CaseDay.objects.values_list("finished", flat=True)) == 0
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental


def test_changes_older_than_the_overlap_are_not_reread(make_case, settings):
    make_case()
    rollup_refresh()
    state = RollupState.objects.get()
    state.changes_through = timezone.now() + timedelta(minutes=10)
    state.save()
    make_case(subject="Made before the mark, so outside the window")
    assert rollup_refresh()["cases"] == 0
    settings.SELLERDESK = {**settings.SELLERDESK, "REPORTS_OVERLAP_SECONDS": 3600}
    assert rollup_refresh(now=timezone.now())["cases"] >= 1


def test_a_report_says_how_old_its_figures_are(make_case, operator):
    answer = run("first-response", {}, user=operator)
    assert answer.as_of is None and answer.report.rows == []
    make_case()
    now = timezone.now()
    rollup_refresh(now=now - timedelta(minutes=3))
    answer = run("first-response", {}, user=operator, now=now)
    assert answer.age_seconds == 180
    assert [r["cases"] for r in answer.report.rows] == [1]


def test_a_breach_by_the_sla_sweep_reaches_the_rollups(make_case):
    from sellerdesk.cases.sweep import sla_sweep

    case = make_case()
    rollup_refresh()
    assert sum(CaseDay.objects.values_list("first_response_breaches", flat=True)) == 0
    later = case.first_response_due_at + timedelta(minutes=1)
    assert sla_sweep(now=later) >= 1
    rollup_refresh(now=later)
    assert sum(CaseDay.objects.values_list("first_response_breaches", flat=True)) == 1
    fact = CaseFact.objects.get(case_id=case.pk)
    assert fact.first_response_within is False
    assert fact.escalated_day == later.date()


def test_ratings_reach_the_rollups_through_the_refresh(make_case, agent_ss, seller_owner):
    from sellerdesk.surveys import services as surveys

    case = make_case()
    other = make_case(subject="Second parcel")
    for c in (case, other):
        services.case_resolve(actor=agent_ss, case=c, body="Done.")
    rollup_refresh()
    surveys.rating_submit(actor=seller_owner, case=case, score=2, channel="app")
    surveys.rating_submit(actor=seller_owner, case=other, score=5, channel="app")
    rollup_refresh()
    surveys.rating_submit(actor=seller_owner, case=case, score=4, channel="app")  # changed
    rollup_refresh()
    assert sum(CaseDay.objects.values_list("rating_sum", flat=True)) == 9
    assert sum(CaseDay.objects.values_list("rating_2", flat=True)) == 0
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental
