"""Whether a metric meets its target (pure, exact): the one definition every part uses.

A metric's target is a share with a condition: ``lt`` (the rate must stay below it, e.g. an
order defect rate under 1 %) or ``gt`` (above it, e.g. valid tracking over 95 %); a rate
exactly at the target misses it (api.md: "< 1 %", "> 95 %"). Counted in integers from the
numerator, the denominator and the target as an integer ratio, so no float rounding decides
the edge. The metric's ``status`` (``good``, ``bad``, ``no_data``) is computed here once when
the metrics are counted; everything after (the snapshot's ``beyond``, the score's deductions,
forecasts, alerts, enforcement) reads that status.
"""

from __future__ import annotations

from decimal import Decimal

LESS_THAN, GREATER_THAN = "lt", "gt"
GOOD, BAD, NO_DATA = "good", "bad", "no_data"


def target_ratio(target) -> tuple[int, int]:
    """The target (a Decimal, a decimal string, or a float as written, e.g. 0.04) as an exact
    integer ratio (1, 25)."""
    value = target if isinstance(target, Decimal) else Decimal(str(target))
    return value.as_integer_ratio()


def status(numerator: int, denominator: int, ratio: tuple[int, int], condition: str) -> str:
    """``good`` when numerator / denominator is strictly on the right side of the target
    ``ratio`` (p, q), ``bad`` otherwise, ``no_data`` for an empty population."""
    if denominator == 0:
        return NO_DATA
    p, q = ratio
    if condition == GREATER_THAN:
        return GOOD if numerator * q > p * denominator else BAD
    return GOOD if numerator * q < p * denominator else BAD


def is_beyond(metric) -> bool:
    """Whether a counted metric (anything with a ``status``) misses its target."""
    return metric.status == BAD
