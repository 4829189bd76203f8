"""The appeals figures the reports read, against numbers worked out by hand, and a statement
count that does not grow with the number of appeals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sellerdesk.appeals import figures
from sellerdesk.appeals.models import Appeal, AppealDecision, AppealVersion
from sellerdesk.health.models import AccountCause

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
NOVEMBER = figures.Range(date(2026, 11, 1), date(2026, 11, 30))


def _appeal(seller, *, since, opened, kinds, marketplace="", decisions=(), submitted=True):
    """An appeal ``opened`` hours after ``since``; ``decisions`` are (outcome, version number,
    hours after submission), the versions made as needed."""
    cause = AccountCause.objects.create(
        seller=seller,
        kind="restriction",
        reason_code="r",
        marketplace=marketplace,
        since=since,
        appealable=True,
    )
    created = since + timedelta(hours=opened)
    final = [d for d in decisions if d[0] in figures.FINAL]
    status = "self_service"
    if submitted:
        status = "in_review"
    if final:
        status = "accepted" if final[-1][0] == "accept" else "rejected"
    appeal = Appeal.objects.create(
        seller=seller,
        cause=cause,
        cause_kinds=kinds,
        status=status,
        created_at=created,
        updated_at=created,
        submitted_at=created if submitted else None,
    )
    versions = {}
    for outcome, number, hours in decisions:
        if number not in versions:
            versions[number] = AppealVersion.objects.create(
                appeal=appeal,
                number=number,
                root_cause="r",
                corrective_actions="c",
                preventive_measures="p",
                created_at=created,
            )
        at = created + timedelta(hours=hours)
        AppealDecision.objects.create(
            appeal=appeal, version=versions[number], outcome=outcome, decided_at=at
        )
        if outcome in figures.FINAL:
            appeal.decided_at = at
            appeal.save(update_fields=["decided_at"])
    return appeal


@pytest.fixture
def appeals(seller_a, seller_b):
    # Seller A (US): opened 10, 30, 50 and 2 hours after their causes.
    _appeal(seller_a, since=T0, opened=10, kinds=["authenticity"], marketplace="US",
            decisions=[("accept", 1, 20)])  # fmt: skip
    _appeal(seller_a, since=T0, opened=30, kinds=["authenticity"], marketplace="US",
            decisions=[("request_info", 1, 5), ("reject", 2, 40)])  # fmt: skip
    _appeal(seller_a, since=T0, opened=50, kinds=["metrics"], marketplace="US",
            decisions=[("request_info", 1, 8), ("accept", 2, 60)])  # fmt: skip
    _appeal(seller_a, since=T0, opened=2, kinds=["metrics"], submitted=False)
    # Seller B (DE): opened 100 hours after, accepted 10 hours after submission.
    _appeal(seller_b, since=T0, opened=100, kinds=["authenticity", "ip_complaint"],
            marketplace="DE", decisions=[("accept", 1, 10)])  # fmt: skip
    # October: outside the range on both counts.
    october = datetime(2026, 10, 1, 12, tzinfo=UTC)
    _appeal(seller_a, since=october, opened=1, kinds=["metrics"], marketplace="US",
            decisions=[("reject", 1, 3)])  # fmt: skip


def test_time_to_appeal(appeals):
    # All: 2, 10, 30, 50, 100 → median 30, mean 192 / 5.
    assert figures.time_to_appeal(NOVEMBER) == [
        {"count": 5, "median_hours": 30.0, "mean_hours": 38.4}
    ]
    # Seller A: 2, 10, 30, 50 → median (10 + 30) / 2, mean 92 / 4.
    only_a = figures.Range(NOVEMBER.date_from, NOVEMBER.date_to, seller="a1seller")
    assert figures.time_to_appeal(only_a) == [
        {"count": 4, "median_hours": 20.0, "mean_hours": 23.0}
    ]


def test_time_to_decision(appeals):
    # Accepted or rejected in November: 20, 40, 60 (A) and 10 (B); requests for more are not
    # decisions.
    assert figures.time_to_decision(NOVEMBER) == [
        {"count": 4, "median_hours": 30.0, "mean_hours": 32.5}
    ]
    de = figures.Range(NOVEMBER.date_from, NOVEMBER.date_to, site="de")
    assert figures.time_to_decision(de) == [{"count": 1, "median_hours": 10.0, "mean_hours": 10.0}]


def test_acceptance_by_cause_kind(appeals):
    assert figures.acceptance_by_cause_kind(NOVEMBER) == [
        {"cause_kind": "authenticity", "decided": 3, "accepted": 2, "rate": 0.6667},
        {"cause_kind": "ip_complaint", "decided": 1, "accepted": 1, "rate": 1.0},
        {"cause_kind": "metrics", "decided": 1, "accepted": 1, "rate": 1.0},
    ]


def test_acceptance_by_versions(appeals):
    assert figures.acceptance_by_versions(NOVEMBER) == [
        {"versions": 1, "decided": 2, "accepted": 2, "rate": 1.0},
        {"versions": 2, "decided": 2, "accepted": 1, "rate": 0.5},
    ]


def test_an_empty_range(db):
    empty = figures.Range(date(2020, 1, 1), date(2020, 1, 31))
    assert figures.time_to_appeal(empty) == [{"count": 0, "median_hours": None, "mean_hours": None}]
    assert figures.acceptance_by_versions(empty) == []


@pytest.mark.parametrize(
    "figure",
    [
        figures.time_to_appeal,
        figures.time_to_decision,
        figures.acceptance_by_cause_kind,
        figures.acceptance_by_versions,
    ],
)
def test_one_statement_whatever_the_number_of_appeals(
    appeals, seller_a, figure, django_assert_num_queries
):
    for hours in range(5):
        _appeal(seller_a, since=T0, opened=hours, kinds=["metrics"],
                decisions=[("accept", 1, hours)])  # fmt: skip
    r = figures.Range(NOVEMBER.date_from, NOVEMBER.date_to, seller="A1SELLER", site="US")
    with django_assert_num_queries(1):
        figure(r)
