"""The seed's satisfaction figures, generated and read back: premium cases rated 4.3 on
average, standard ones 3.1. The expected means, distribution and response rates are
computed here from the generated ratings."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.reports.registry import run
from sellerdesk.reports.rollup import rollup_rebuild
from sellerdesk.surveys.models import Rating

from .factory import History

pytestmark = pytest.mark.django_db


def _scores(rng: random.Random, mean: float, n: int) -> list[int]:
    """``n`` scores 1–5 whose mean is ``mean`` (to the hundredth), shuffled."""
    total = round(mean * n)
    scores = [int(mean)] * n
    extra = total - sum(scores)
    for i in range(extra):
        scores[i % n] += 1
    # Spread them without changing the sum: move a point from one to another.
    for _ in range(n * 3):
        a, b = rng.randrange(n), rng.randrange(n)
        if scores[a] < 5 and scores[b] > 1:
            scores[a] += 1
            scores[b] -= 1
    rng.shuffle(scores)
    return scores


def test_premium_rates_4_3_and_standard_3_1(seller_a, operator):
    rng = random.Random(5)
    history = History(seller_a)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    plan = {"premium": (4.3, 100, 80), "standard": (3.1, 120, 90)}  # mean, resolved, rated
    rated_cases = {}
    for tier, (mean, resolved, rated) in plan.items():
        made = [
            history.case(
                created=start + timedelta(hours=9 * i),
                tier=tier,
                first_response=timedelta(hours=3),
                resolution=timedelta(days=2),
            )
            for i in range(resolved)
        ]
        rated_cases[tier] = (made[:rated], _scores(rng, mean, rated))
    # Closed as spam: not asked, so outside the response rate.
    history.case(created=start, resolution=timedelta(days=1), close_reason="spam")
    history.save()
    ratings = []
    for _tier, (made, scores) in rated_cases.items():
        for case, score in zip(made, scores, strict=True):
            ratings.append(
                Rating(
                    case=case,
                    score=score,
                    resolved_at=case.resolved_at,
                    rated_at=case.resolved_at + timedelta(hours=1),
                    channel="email",
                )
            )
    Rating.objects.bulk_create(ratings)
    rollup_rebuild()

    answer = run("satisfaction", {"from": "2026-09-01", "to": "2026-12-31"}, user=operator)
    rows = {r["group"]: r for r in answer.report.rows}
    for tier, (mean, resolved, rated) in plan.items():
        scores = rated_cases[tier][1]
        row = rows[tier]
        assert row["resolved"] == resolved
        assert row["rated"] == rated
        assert row["mean_score"] == pytest.approx(statistics.fmean(scores), abs=0.005)
        assert row["mean_score"] == pytest.approx(mean, abs=0.005)
        assert row["response_rate"] == pytest.approx(rated / resolved, abs=1e-4)
        for k in range(1, 6):
            assert row[f"score_{k}"] == scores.count(k)


def test_a_rating_of_an_earlier_resolution_is_not_the_latest_ones(
    make_case, agent_ss, seller_owner, operator
):
    from sellerdesk.cases import services
    from sellerdesk.reports.models import CaseFact
    from sellerdesk.surveys import services as surveys

    case = make_case()
    services.case_resolve(actor=agent_ss, case=case, body="Done.")
    surveys.rating_submit(actor=seller_owner, case=case, score=1, channel="app")
    rollup_rebuild()
    assert CaseFact.objects.get(case_id=case.pk).rating == 1
    services.case_reopen(actor=seller_owner, case=case, reason="Not done")
    services.case_resolve(actor=agent_ss, case=case, body="Done now.")
    rollup_rebuild()
    fact = CaseFact.objects.get(case_id=case.pk)
    assert fact.surveyed and fact.rating is None
    row = run("satisfaction", {}, user=operator).report.rows[0]
    assert row["resolved"] == 1 and row["rated"] == 0 and row["response_rate"] == 0
