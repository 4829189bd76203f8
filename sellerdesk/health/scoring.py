"""The account health score (pure: no ORM, no clock). See docs/health-score.md.

score = 1000 − Σ metric deductions − Σ violation deductions, clamped to 0…1000.

* A metric beyond its target costs ``weight × min(1, base + (1 − base) × excess / full_at)``,
  where ``excess`` is how far beyond the target it is, relative to the allowance: for a
  "less than" target ``(rate − target) / target`` (a 2 % defect rate against 1 % is 1.0); for a
  "greater than" target the shortfall relative to what may fail, ``(target − rate) /
  (1 − target)`` (90 % valid tracking against 95 % is 1.0). Only the worst marketplace of each
  metric counts: a seller on eight sites is not punished eight times for one habit.
* A policy violation detected in the window (180 days) costs its severity's points while it is
  open; once resolved it costs ``resolved share × points``, fading linearly to 0 as it ages out.

Every step is non-decreasing in how bad the input is, so worse inputs never raise the score
(tested with hypothesis in tests/health/test_scoring.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sellerdesk.orders import targets

LESS_THAN, GREATER_THAN = targets.LESS_THAN, targets.GREATER_THAN
HEALTHY, AT_RISK, CRITICAL = "healthy", "at_risk", "critical"
BANDS = (HEALTHY, AT_RISK, CRITICAL)


class MetricLike(Protocol):
    """What scoring reads of a ``sellerdesk.orders.metrics.MetricValue``."""

    marketplace: str
    metric: str
    rate: float | None
    target: float
    target_condition: str
    status: str  # good / bad / no_data, decided exactly when counted (orders/targets.py)


@dataclass(frozen=True)
class ViolationInput:
    id: int | str
    marketplace: str
    kind: str
    severity: str
    detected_on: date
    resolved_on: date | None = None


@dataclass(frozen=True)
class ScoreConfig:
    metric_weights: Mapping[str, float]
    severity_points: Mapping[str, float]
    healthy_min: int = 700
    at_risk_min: int = 400
    base_fraction: float = 0.25
    full_at_excess: float = 1.0
    violation_window_days: int = 180
    resolved_fraction: float = 0.25
    max_score: int = 1000


@dataclass(frozen=True)
class Deduction:
    source: str  # "metric" or "violation"
    points: float
    code: str  # the metric name or the violation kind
    marketplace: str
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "code": self.code,
            "marketplace": self.marketplace,
            "points": round(self.points, 1),
            **self.detail,
        }


@dataclass(frozen=True)
class ScoreResult:
    score: int
    band: str
    deductions: tuple[Deduction, ...]

    @property
    def metric_points(self) -> float:
        return sum(d.points for d in self.deductions if d.source == "metric")

    @property
    def violation_points(self) -> float:
        return sum(d.points for d in self.deductions if d.source == "violation")


def excess(rate: float, target: float, condition: str) -> float:
    """How far beyond its target a rate is, relative to the allowance (0 at the target)."""
    if condition == GREATER_THAN:
        allowance = 1.0 - target
        gap = target - rate
    else:
        allowance = target
        gap = rate - target
    if gap <= 0:
        return 0.0
    return math.inf if allowance <= 0 else gap / allowance


def metric_points(metric: MetricLike, config: ScoreConfig) -> float:
    if not targets.is_beyond(metric):
        return 0.0
    weight = float(config.metric_weights.get(metric.metric, 0.0))
    assert metric.rate is not None  # a counted metric that misses its target has a rate
    x = excess(metric.rate, metric.target, metric.target_condition)
    full_at = config.full_at_excess if config.full_at_excess > 0 else 1e-9
    share = config.base_fraction + (1.0 - config.base_fraction) * min(x / full_at, 1.0)
    return weight * min(1.0, share)


def violation_points(violation: ViolationInput, as_of: date, config: ScoreConfig) -> float:
    """Points one violation costs on ``as_of``: 0 outside the window, full while open, a fading
    share once resolved."""
    age = (as_of - violation.detected_on).days
    window = config.violation_window_days
    if age < 0 or age >= window:
        return 0.0
    points = float(config.severity_points.get(violation.severity, 0.0))
    if violation.resolved_on is not None and violation.resolved_on <= as_of:
        return points * config.resolved_fraction * (1.0 - age / window)
    return points


def band_for(score: int | None, *, healthy_min: int, at_risk_min: int) -> str | None:
    if score is None:
        return None
    if score >= healthy_min:
        return HEALTHY
    if score >= at_risk_min:
        return AT_RISK
    return CRITICAL


def score(
    *,
    metrics: Iterable[MetricLike],
    violations: Iterable[ViolationInput],
    as_of: date,
    config: ScoreConfig,
) -> ScoreResult:
    worst: dict[str, tuple[float, MetricLike]] = {}
    for metric in metrics:
        points = metric_points(metric, config)
        if points <= 0:
            continue
        current = worst.get(metric.metric)
        if current is None or points > current[0]:
            worst[metric.metric] = (points, metric)
    deductions = [
        Deduction(
            "metric",
            points,
            metric.metric,
            metric.marketplace,
            {
                "rate": metric.rate,
                "target": metric.target,
                "target_condition": metric.target_condition,
                "excess": round(
                    min(excess(metric.rate or 0.0, metric.target, metric.target_condition), 99.0),
                    4,
                ),
            },
        )
        for _name, (points, metric) in sorted(worst.items())
    ]
    for violation in violations:
        points = violation_points(violation, as_of, config)
        if points <= 0:
            continue
        resolved = violation.resolved_on is not None and violation.resolved_on <= as_of
        deductions.append(
            Deduction(
                "violation",
                points,
                violation.kind,
                violation.marketplace,
                {
                    "violation_id": violation.id,
                    "severity": violation.severity,
                    "detected_on": violation.detected_on.isoformat(),
                    "resolved": resolved,
                    "ages_out_on": date.fromordinal(
                        violation.detected_on.toordinal() + config.violation_window_days
                    ).isoformat(),
                },
            )
        )
    # Rounded so the order of summation cannot move the score across a rounding edge.
    total = round(sum(d.points for d in deductions), 6)
    raw = max(0.0, min(float(config.max_score), config.max_score - total))
    value = int(math.floor(raw + 0.5))
    band = band_for(value, healthy_min=config.healthy_min, at_risk_min=config.at_risk_min)
    assert band is not None
    deductions.sort(key=lambda d: -d.points)
    return ScoreResult(value, band, tuple(deductions))
