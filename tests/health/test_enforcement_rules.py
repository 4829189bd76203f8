"""Which enforcement rules fire (pure), at their boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.health.enforcement import (
    Evaluation,
    OpenViolation,
    Rule,
    account_status,
    triggered,
)

T0 = datetime(2026, 3, 1, 3, tzinfo=UTC)
REVIEW = Rule("score_review", "score_below", "review", consecutive=1, threshold=400)
DEACTIVATE = Rule("critical_score", "score_below", "deactivate", consecutive=3, threshold=400)
LSR = Rule(
    "lsr", "metric_beyond_target", "restrict", consecutive=3, metric="late_shipment_rate_10d"
)
CRITICAL_VIOLATION = Rule("crit_v", "violation_open", "deactivate", min_severity="critical")


def history(scores=(), beyond=()):
    """Daily evaluations; ``beyond`` is a list (one per day) of sets of (marketplace, metric)."""
    n = max(len(scores), len(beyond))
    scores = list(scores) or [900] * n
    beyond = list(beyond) or [set()] * n
    return [
        Evaluation(T0 + timedelta(days=i), s, frozenset(b))
        for i, (s, b) in enumerate(zip(scores, beyond, strict=True))
    ]


def fired(rules, hist, violations=(), lifted=None):
    return [(t.rule, t.marketplace) for t in triggered(rules, hist, violations, lifted)]


@pytest.mark.parametrize(("score", "fires"), [(399, True), (400, False), (0, True), (1000, False)])
def test_review_below_400_not_at_400(score, fires):
    assert bool(fired([REVIEW], history([score]))) is fires


def test_threshold_is_data():
    rule = Rule("r", "score_below", "review", threshold=500)
    assert fired([rule], history([499])) == [("r", "")]
    assert fired([rule], history([500])) == []


def test_deactivation_needs_n_consecutive_critical_evaluations():
    assert fired([DEACTIVATE], history([300, 300])) == []  # N − 1
    assert fired([DEACTIVATE], history([300, 300, 300])) == [("critical_score", "")]  # N
    assert fired([DEACTIVATE], history([300, 450, 300, 300])) == []  # broken run


LATE = {("US", "late_shipment_rate_10d")}


def test_metric_restriction_at_n_not_n_minus_1():
    assert fired([LSR], history(beyond=[LATE, LATE])) == []
    assert fired([LSR], history(beyond=[set(), LATE, LATE, LATE])) == [("lsr", "US")]
    assert fired([LSR], history(beyond=[LATE, LATE, set()])) == []  # recovered today
    assert fired([LSR], history(beyond=[LATE, set(), LATE, LATE])) == []  # broken run


def test_metric_restriction_is_per_marketplace():
    de = {("DE", "late_shipment_rate_10d")}
    both = LATE | de
    assert fired([LSR], history(beyond=[LATE, both, both])) == [("lsr", "US")]  # DE: 2 only
    assert fired([LSR], history(beyond=[both, both, both])) == [("lsr", "DE"), ("lsr", "US")]
    # Another metric beyond target does not count towards this rule.
    other = {("US", "valid_tracking_rate")}
    assert fired([LSR], history(beyond=[other, other, other])) == []


def test_a_lift_restarts_the_count():
    hist = history(beyond=[LATE] * 5)
    lifted_after_day_2 = {("lsr", "US"): hist[2].evaluated_at + timedelta(hours=1)}
    assert fired([LSR], hist, lifted=lifted_after_day_2) == []  # 2 evaluations since
    hist6 = history(beyond=[LATE] * 6)
    assert fired([LSR], hist6, lifted=lifted_after_day_2) == [("lsr", "US")]  # 3 since
    # A lift on another marketplace does not matter here.
    assert fired([LSR], hist, lifted={("lsr", "DE"): hist[-1].evaluated_at}) == [("lsr", "US")]


def test_open_critical_violation_deactivates_lower_ones_do_not():
    high = OpenViolation(1, "US", "safety", "high", T0)
    critical = OpenViolation(2, "US", "authenticity", "critical", T0)
    assert fired([CRITICAL_VIOLATION], history([900]), [high]) == []
    result = triggered([CRITICAL_VIOLATION], history([900]), [high, critical])
    assert [(t.rule, t.detail["violation_ids"]) for t in result] == [("crit_v", [2])]
    lifted = {("crit_v", ""): T0 + timedelta(days=1)}
    assert fired([CRITICAL_VIOLATION], history([900]), [critical], lifted) == []


def test_violation_rule_can_name_a_kind():
    rule = Rule(
        "ip", "violation_open", "restrict", min_severity="medium", violation_kind="ip_complaint"
    )
    ip = OpenViolation(1, "US", "ip_complaint", "medium", T0)
    safety = OpenViolation(2, "US", "safety", "critical", T0)
    assert fired([rule], history([900]), [safety]) == []
    assert fired([rule], history([900]), [ip]) == [("ip", "")]


@pytest.mark.parametrize(
    ("kinds", "band", "status"),
    [
        ([], "healthy", "normal"),
        ([], None, "normal"),
        ([], "at_risk", "at_risk"),
        ([], "critical", "at_risk"),
        (["review"], "critical", "under_review"),
        (["review", "restriction"], "healthy", "restricted"),
        (["restriction", "deactivation", "review"], "healthy", "deactivated"),
    ],
)
def test_account_status_precedence(kinds, band, status):
    assert account_status(kinds, band) == status
