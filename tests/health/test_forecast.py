"""Forecasts (pure): a least-squares line through recent snapshots and when it crosses the
target."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerdesk.health.forecast import forecast_crossing, least_squares

AS_OF = date(2026, 3, 10)


def series(values, end=AS_OF):
    start = end - timedelta(days=len(values) - 1)
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def run(points, target=0.04, condition="lt", horizon=14, last_n=7, min_points=3, beyond=False):
    return forecast_crossing(
        points,
        metric="late_shipment_rate_10d",
        marketplace="US",
        target=target,
        target_condition=condition,
        as_of=AS_OF,
        horizon_days=horizon,
        last_n=last_n,
        min_points=min_points,
        beyond=beyond,
    )


def test_least_squares_recovers_a_line():
    slope, intercept = least_squares([(0, 1.0), (1, 3.0), (2, 5.0)])
    assert slope == pytest.approx(2.0) and intercept == pytest.approx(1.0)
    assert least_squares([(1, 1.0), (1, 2.0)]) is None
    assert least_squares([(0, 1.0)]) is None


def test_rising_late_shipment_reaches_4_percent_in_about_6_days():
    # +0.2 points a day from 1.6 %: 2.8 % today, 4 % six days later.
    result = run(series([0.016, 0.018, 0.020, 0.022, 0.024, 0.026, 0.028]))
    assert result is not None
    assert (result.days, result.reaches_on) == (6, AS_OF + timedelta(days=6))
    assert result.slope_per_day == pytest.approx(0.002)
    assert result.rate == pytest.approx(0.028)


def test_beyond_the_horizon_no_forecast():
    # +0.1 point a day from 2.8 %: 12 days → inside 14, outside 10.
    values = [0.022, 0.023, 0.024, 0.025, 0.026, 0.027, 0.028]
    assert run(series(values)).days == 12
    assert run(series(values), horizon=10) is None


def test_improving_or_flat_trend_no_forecast():
    assert run(series([0.03, 0.029, 0.028, 0.027])) is None
    assert run(series([0.03, 0.03, 0.03])) is None


def test_already_beyond_is_an_alert_not_a_forecast():
    # Whether today's value misses the target is its counted status (orders/targets.py).
    assert run(series([0.036, 0.038, 0.040]), beyond=True) is None
    assert run(series([0.036, 0.038, 0.039])) is not None


def test_too_few_points_no_forecast():
    assert run(series([0.02, 0.03])) is None
    assert run(series([0.02, None, 0.03])) is None  # no data does not count as a point


def test_only_the_last_n_points_are_fitted():
    # An old spike then a steady fall: the last 3 points fall, so nothing is forecast.
    values = [0.0, 0.01, 0.02, 0.039, 0.035, 0.03]
    assert run(series(values), last_n=3) is None
    assert run(series(values), last_n=6) is not None


def test_greater_than_metric_falling_towards_its_target():
    # valid tracking falls 0.5 point a day from 99 %: 98 % now, 95 % in 6 days.
    values = [0.99, 0.985, 0.98]
    result = run(series(values), target=0.95, condition="gt")
    assert result is not None and result.days == 6
    assert run(series(values[::-1]), target=0.95, condition="gt") is None


def test_fitted_line_past_target_while_the_rate_is_not_gives_one_day():
    result = run(series([0.0, 0.0, 0.039]))  # a jump: the fit is steep, the target is close
    assert result is not None and result.days == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 0.0399, allow_nan=False), min_size=3, max_size=10),
    st.integers(1, 30),
)
def test_a_forecast_is_always_within_the_horizon_and_in_the_future(values, horizon):
    result = run(series(values), horizon=horizon, last_n=10)
    if result is not None:
        assert 1 <= result.days <= horizon
        assert result.slope_per_day > 0
        assert result.reaches_on > AS_OF
