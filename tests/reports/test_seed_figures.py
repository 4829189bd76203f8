"""The seed's own figures, generated and read back through the reports: deactivation cases
answered in 18 h on average against a 24 h target, US resolution 2.9 days in Q3 and 4.2 days
in Q4. The expected values are computed here from the generated cases, not taken from the
report code."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest

from sellerdesk.reports.buckets import width_at
from sellerdesk.reports.registry import run
from sellerdesk.reports.rollup import rollup_rebuild

from .factory import History

pytestmark = pytest.mark.django_db


def _spread(rng: random.Random, mean: float, n: int, jitter: float) -> list[float]:
    """``n`` positive values averaging exactly ``mean``."""
    values = [max(mean + rng.uniform(-jitter, jitter), 0.1) for _ in range(n)]
    shift = mean - statistics.fmean(values)
    return [v + shift for v in values]


def test_first_response_of_deactivation_cases_averages_18_hours_against_24(seller_a, operator):
    rng = random.Random(7)
    history = History(seller_a)
    start = datetime(2026, 10, 5, tzinfo=UTC)
    hours = _spread(rng, 18.0, 120, 10.0)
    for i, h in enumerate(hours):
        created = start + timedelta(hours=5 * i)
        history.case(
            created=created,
            case_type="account-deactivation",
            first_response=timedelta(hours=h),
            first_response_due=timedelta(hours=24),
        )
    # Other types in the same days must not leak into the deactivation row.
    for i in range(30):
        history.case(
            created=start + timedelta(hours=7 * i),
            case_type="order-fulfilment",
            first_response=timedelta(hours=60),
            first_response_due=timedelta(hours=72),
        )
    history.save()
    rollup_rebuild()

    answer = run("first-response", {"from": "2026-10-01", "to": "2026-12-31"}, user=operator)
    row = next(r for r in answer.report.rows if r["group"] == "account-deactivation")
    exact = [round(h * 3600) / 3600 for h in hours]
    assert row["cases"] == 120
    assert row["responded"] == 120
    assert row["mean_hours"] == pytest.approx(statistics.fmean(exact), abs=0.01)
    assert row["mean_hours"] == pytest.approx(18.0, abs=0.01)
    assert row["target_hours"] == 24
    within = sum(1 for h in exact if h <= 24) / len(exact)
    assert row["within_target"] == pytest.approx(within, abs=1e-4)
    median = statistics.median(exact)
    p90 = statistics.quantiles(exact, n=10)[-1]
    assert row["median_hours"] == pytest.approx(median, abs=width_at(median * 3600) / 3600)
    assert row["p90_hours"] == pytest.approx(p90, abs=width_at(p90 * 3600) / 3600)
    other = next(r for r in answer.report.rows if r["group"] == "order-fulfilment")
    assert other["mean_hours"] == 60 and other["cases"] == 30


def test_us_resolution_is_2_9_days_in_q3_and_4_2_in_q4(seller_a, operator):
    rng = random.Random(11)
    history = History(seller_a)
    plan = {
        (date(2026, 7, 1), 92): 2.9,  # Q3 2026
        (date(2026, 10, 1), 92): 4.2,  # Q4 2026
    }
    expected = {}
    for (first, length), mean in plan.items():
        durations = _spread(rng, mean, 90, 1.5)
        resolved = []
        for i, d in enumerate(durations):
            # Resolved inside the quarter: opened so that the resolution lands in it.
            resolved_at = datetime.combine(first, datetime.min.time(), UTC) + timedelta(
                days=2 + (length - 4) * i / len(durations)
            )
            history.case(
                created=resolved_at - timedelta(days=d),
                site="US",
                first_response=timedelta(hours=2),
                resolution=timedelta(days=d),
            )
            resolved.append(round(d * 86400) / 86400)
        expected[first] = statistics.fmean(resolved)
    # Japan's cases are another row.
    history.case(
        created=datetime(2026, 11, 1, tzinfo=UTC),
        site="JP",
        resolution=timedelta(days=1),
    )
    history.save()
    rollup_rebuild()

    answer = run("resolution", {"from": "2026-07-01", "to": "2026-12-31"}, user=operator)
    rows = {(r["quarter"], r["site"]): r for r in answer.report.rows}
    q3, q4 = rows[("2026-Q3", "US")], rows[("2026-Q4", "US")]
    assert q3["resolved"] == 90 and q4["resolved"] == 90
    assert q3["mean_days"] == pytest.approx(expected[date(2026, 7, 1)], abs=0.005)
    assert q3["mean_days"] == pytest.approx(2.9, abs=0.005)
    assert q4["mean_days"] == pytest.approx(4.2, abs=0.005)
    assert q4["change_days"] == pytest.approx(1.3, abs=0.01)
    assert q3["change_days"] is None  # no US resolutions in Q2
    assert rows[("2026-Q4", "JP")]["mean_days"] == 1.0
