"""The score model (pure): known values, band boundaries, and properties - bounded 0…1000 and
monotone: worse inputs never raise the score."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerdesk.health import defaults, scoring
from sellerdesk.health.scoring import ScoreConfig, ViolationInput

from .conftest import GOOD_RATES, TARGETS, metrics_for, mv

AS_OF = date(2026, 3, 2)
CONFIG = ScoreConfig(
    metric_weights=defaults.METRIC_WEIGHTS, severity_points=defaults.SEVERITY_POINTS
)


def score(metrics=(), violations=(), config=CONFIG, as_of=AS_OF):
    return scoring.score(metrics=metrics, violations=violations, as_of=as_of, config=config)


def violation(severity="high", kind="ip_complaint", age=10, resolved_age=None, vid=1):
    detected = AS_OF - timedelta(days=age)
    resolved = None if resolved_age is None else AS_OF - timedelta(days=resolved_age)
    return ViolationInput(vid, "US", kind, severity, detected, resolved)


# --- known values ---------------------------------------------------------------------------


def test_all_metrics_within_target_and_no_violations_is_1000():
    result = score(metrics_for(AS_OF))
    assert (result.score, result.band, result.deductions) == (1000, "healthy", ())


def test_no_data_costs_nothing():
    assert score([mv("late_shipment_rate_10d", None)]).score == 1000


def test_metric_exactly_at_target_costs_the_base_share():
    # late shipment 10d weight 100, base 25 %: at the target it is beyond ("< 4 %" fails).
    result = score([mv("late_shipment_rate_10d", 0.04)])
    assert result.score == 975
    (deduction,) = result.deductions
    assert deduction.as_dict()["points"] == 25.0 and deduction.code == "late_shipment_rate_10d"


def test_deduction_scales_with_how_far_beyond_and_caps_at_the_weight():
    # 6 % against 4 %: excess 0.5 → 25 % + 75 % × 0.5 = 62.5 % of 100.
    assert score([mv("late_shipment_rate_10d", 0.06)]).score == 938  # 937.5 rounds half up
    # 8 % is twice the allowance: the whole weight; 30 % costs no more.
    assert score([mv("late_shipment_rate_10d", 0.08)]).score == 900
    assert score([mv("late_shipment_rate_10d", 0.30)]).score == 900


def test_greater_than_targets_measure_the_shortfall_against_what_may_fail():
    # valid tracking 90 % against 95 %: twice the allowed 5 % invalid → whole weight (150).
    assert score([mv("valid_tracking_rate", 0.90)]).score == 850
    assert score([mv("valid_tracking_rate", 0.95)]).score == pytest.approx(1000 - 37.5, abs=1)
    assert score([mv("valid_tracking_rate", 0.951)]).score == 1000


def test_only_the_worst_marketplace_of_a_metric_counts():
    us = mv("late_shipment_rate_10d", 0.06, marketplace="US")
    de = mv("late_shipment_rate_10d", 0.08, marketplace="DE")
    jp = mv("late_shipment_rate_10d", 0.05, marketplace="JP")
    result = score([us, de, jp])
    assert result.score == 900
    assert [(d.code, d.marketplace) for d in result.deductions] == [
        ("late_shipment_rate_10d", "DE")
    ]


def test_open_violation_costs_its_severity_points():
    for severity, points in defaults.SEVERITY_POINTS.items():
        assert score(violations=[violation(severity)]).score == 1000 - points


def test_resolved_violation_costs_a_fading_share_and_ages_out():
    # high = 150; resolved → 25 % × (1 − age/180)
    assert score(violations=[violation("high", age=0, resolved_age=0)]).score == 963  # 37.5
    assert score(violations=[violation("high", age=90, resolved_age=80)]).score == 981  # 18.75
    assert score(violations=[violation("high", age=179, resolved_age=100)]).score == 1000
    assert score(violations=[violation("high", age=180)]).score == 1000  # aged out even open
    assert score(violations=[violation("high", age=179)]).score == 850  # open, still inside


def test_violation_resolved_after_as_of_counts_as_open():
    future = ViolationInput(
        1, "US", "safety", "high", AS_OF - timedelta(days=3), AS_OF + timedelta(1)
    )
    assert score(violations=[future]).score == 850


def test_violations_detected_after_as_of_do_not_count():
    assert score(violations=[violation(age=-1)]).score == 1000


def test_score_never_goes_below_zero():
    many = [violation("critical", vid=i) for i in range(10)]
    result = score(violations=many)
    assert (result.score, result.band) == (0, "critical")


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1000, "healthy"),
        (700, "healthy"),
        (699, "at_risk"),
        (400, "at_risk"),
        (399, "critical"),
        (0, "critical"),
    ],
)
def test_band_boundaries(value, band):
    assert scoring.band_for(value, healthy_min=700, at_risk_min=400) == band


def test_bands_follow_the_configured_thresholds():
    config = replace(CONFIG, healthy_min=800, at_risk_min=500)
    result = score(violations=[violation("critical")], config=config)  # 650
    assert (result.score, result.band) == (650, "at_risk")
    assert score(violations=[violation("critical")]).band == "at_risk"  # 650 with defaults
    assert score(violations=[violation("critical"), violation("high", vid=2)]).band == "at_risk"


def test_deductions_explain_the_score():
    values = metrics_for(AS_OF, late_shipment_rate_10d=0.06, valid_tracking_rate=0.93)
    result = score(values, [violation("medium")])
    assert result.score == round(1000 - sum(d.points for d in result.deductions))
    sources = sorted((d.source, d.code) for d in result.deductions)
    assert sources == [
        ("metric", "late_shipment_rate_10d"),
        ("metric", "valid_tracking_rate"),
        ("violation", "ip_complaint"),
    ]


# --- properties -----------------------------------------------------------------------------

METRIC_NAMES = sorted(TARGETS)
rates = st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
severities = st.sampled_from(defaults.SEVERITIES)
kinds = st.sampled_from(["ip_complaint", "authenticity", "safety", "other"])


@st.composite
def metric_lists(draw):
    out = []
    for marketplace in draw(st.lists(st.sampled_from(["US", "DE", "JP"]), unique=True, max_size=3)):
        for name in draw(st.lists(st.sampled_from(METRIC_NAMES), unique=True, max_size=7)):
            out.append(mv(name, draw(rates), marketplace=marketplace))
    return out


@st.composite
def violation_lists(draw):
    out = []
    for i in range(draw(st.integers(0, 6))):
        age = draw(st.integers(-5, 200))
        resolved_age = draw(st.one_of(st.none(), st.integers(-5, max(-5, age))))
        out.append(violation(draw(severities), draw(kinds), age, resolved_age, vid=i))
    return out


@st.composite
def configs(draw):
    weights = {name: draw(st.integers(0, 400)) for name in METRIC_NAMES}
    points = sorted(draw(st.lists(st.integers(0, 500), min_size=4, max_size=4)))
    healthy = draw(st.integers(2, 1000))
    return ScoreConfig(
        metric_weights=weights,
        severity_points=dict(zip(defaults.SEVERITIES, points, strict=True)),
        healthy_min=healthy,
        at_risk_min=draw(st.integers(1, healthy - 1)),
        base_fraction=draw(st.floats(0, 1)),
        full_at_excess=draw(st.floats(0.01, 5)),
        violation_window_days=draw(st.integers(1, 365)),
        resolved_fraction=draw(st.floats(0, 1)),
    )


def worse_rate(draw, value):
    target, condition = TARGETS[value.metric]
    if value.rate is None:
        return None
    if condition == "lt":
        return draw(st.floats(min_value=value.rate, max_value=1.0))
    return draw(st.floats(min_value=0.0, max_value=value.rate))


@settings(max_examples=300, deadline=None)
@given(metric_lists(), violation_lists(), configs())
def test_score_is_bounded_and_banded(metrics, violations, config):
    result = score(metrics, violations, config)
    assert 0 <= result.score <= 1000
    assert result.band == scoring.band_for(
        result.score, healthy_min=config.healthy_min, at_risk_min=config.at_risk_min
    )
    assert all(d.points > 0 for d in result.deductions)


@settings(max_examples=300, deadline=None)
@given(st.data(), metric_lists(), violation_lists(), configs())
def test_worse_metrics_never_raise_the_score(data, metrics, violations, config):
    worse = [replace(m, rate=worse_rate(data.draw, m)) for m in metrics]
    assert score(worse, violations, config).score <= score(metrics, violations, config).score


@settings(max_examples=300, deadline=None)
@given(violation_lists(), metric_lists(), configs(), severities, kinds, st.integers(0, 200))
def test_another_violation_never_raises_the_score(violations, metrics, config, sev, kind, age):
    extra = violation(sev, kind, age, vid=999)
    before = score(metrics, violations, config).score
    assert score(metrics, [*violations, extra], config).score <= before


@settings(max_examples=300, deadline=None)
@given(st.data(), violation_lists(), configs())
def test_more_severe_or_unresolved_violations_never_raise_the_score(data, violations, config):
    rank = {s: i for i, s in enumerate(defaults.SEVERITIES)}
    worse = []
    for v in violations:
        severity = data.draw(st.sampled_from(defaults.SEVERITIES[rank[v.severity] :]))
        resolved = v.resolved_on if data.draw(st.booleans()) else None
        worse.append(replace(v, severity=severity, resolved_on=resolved))
    assert score([], worse, config).score <= score([], violations, config).score


@settings(max_examples=200, deadline=None)
@given(violation_lists(), configs())
def test_recovery_over_time_when_nothing_new_happens(violations, config):
    # With the same events, a later day never scores lower: violations only fade and age out.
    past = [v for v in violations if v.detected_on <= AS_OF]
    resolved = [replace(v, resolved_on=v.resolved_on or v.detected_on) for v in past]
    later = score([], resolved, config, as_of=AS_OF + timedelta(days=30)).score
    assert later >= score([], resolved, config).score


def test_good_rates_fixture_is_within_every_target():
    for name, rate in GOOD_RATES.items():
        assert mv(name, rate).status == "good"
