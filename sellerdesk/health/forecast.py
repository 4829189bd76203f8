"""Where a metric is heading (pure): a least-squares line through its recent snapshots, and
when that line crosses the target. "At this trend, late shipment rate reaches 4 % in about
6 days." Only a metric still within its target gets a forecast; one already beyond it gets a
crossing alert instead."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .scoring import GREATER_THAN


@dataclass(frozen=True)
class Forecast:
    metric: str
    marketplace: str
    rate: float  # the latest observed rate
    target: float
    target_condition: str
    slope_per_day: float
    days: int  # whole days until the line reaches the target (at least 1)
    reaches_on: date

    def as_dict(self) -> dict:
        return {
            "metric": self.metric,
            "marketplace": self.marketplace,
            "rate": self.rate,
            "target": self.target,
            "target_condition": self.target_condition,
            "slope_per_day": round(self.slope_per_day, 6),
            "days": self.days,
            "reaches_on": self.reaches_on.isoformat(),
        }


def least_squares(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """``(slope, intercept)`` of the line y = intercept + slope·x closest to the points, or None
    when the xs do not vary (a line through one x has no slope)."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def forecast_crossing(
    points: Sequence[tuple[date, float | None]],
    *,
    metric: str,
    marketplace: str,
    target: float,
    target_condition: str,
    as_of: date,
    horizon_days: int,
    last_n: int,
    min_points: int,
    beyond: bool,
) -> Forecast | None:
    """The forecast for one metric on one marketplace from ``(as_of, rate)`` points (any order),
    or None when there is too little data, the metric is already beyond its target, the trend
    moves away from the target, or it would reach it only after ``horizon_days``."""
    usable = sorted((d, r) for d, r in points if r is not None and not math.isnan(r) and d <= as_of)
    usable = usable[-last_n:] if last_n > 0 else usable
    if len(usable) < max(2, min_points):
        return None
    if beyond:  # today's value already misses the target (its status): an alert, not a forecast
        return None
    latest_rate = usable[-1][1]
    origin = usable[0][0]
    fit = least_squares([((d - origin).days, r) for d, r in usable])
    if fit is None:
        return None
    slope, intercept = fit
    toward = slope < 0 if target_condition == GREATER_THAN else slope > 0
    if not toward:
        return None
    now_x = (as_of - origin).days
    fitted_now = intercept + slope * now_x
    days_float = (target - fitted_now) / slope
    days = max(1, math.ceil(days_float - 1e-9))
    if days > horizon_days:
        return None
    return Forecast(
        metric=metric,
        marketplace=marketplace,
        rate=latest_rate,
        target=target,
        target_condition=target_condition,
        slope_per_day=slope,
        days=days,
        reaches_on=as_of + timedelta(days=days),
    )
