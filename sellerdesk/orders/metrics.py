"""Account-health metrics per seller and marketplace, as of a date.

This is the interface the health app builds on::

    compute_metrics(as_of=date(2025, 3, 31)) -> list[MetricValue]

Each enabled ``MetricDefinition`` is rendered by ``metric_sql`` into one aggregate query that
DuckDB (the default) or Spark runs over the current Parquet dataset. The engines return integer
counts only; rates and statuses are derived here, once, so both engines give identical values.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, fields, make_dataclass
from datetime import date
from decimal import Decimal
from itertools import repeat

from . import dataset
from .metric_sql import MetricSpec, metrics_query, scan_windows, window_for

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class MetricValue:
    seller_code: str
    marketplace: str
    metric: str  # MetricDefinition.code
    numerator: int
    denominator: int
    rate: float | None  # None when denominator == 0
    window_from: date
    window_to: date
    target: float  # fraction, e.g. 0.01
    target_condition: str  # "lt" or "gt"
    status: str  # "good", "bad" or "no_data"


# Building a frozen dataclass runs object.__setattr__ once per field: at 1.4 M values that was
# most of a full recompute. The values are built as this mutable twin (same fields, same
# layout, a plain __init__) and then become MetricValues by assigning their class: the result is
# an ordinary frozen MetricValue (equality, hash, immutability), made in a third of the time.
_Builder = make_dataclass("_MetricValueBuilder", [(f.name, f.type) for f in fields(MetricValue)])


def _freeze(values: list) -> list[MetricValue]:
    for value in values:
        value.__class__ = MetricValue
    return values


def metric_status(numerator: int, denominator: int, target: Decimal, condition: str) -> str:
    """``good`` when the rate is strictly on the right side of the target (api.md: "< 1 %",
    "> 95 %"); a rate exactly at the target is ``bad``. Exact: no float rounding at the edge."""
    if denominator == 0:
        return "no_data"
    scaled = target * denominator
    if condition == "lt":
        return "good" if numerator < scaled else "bad"
    return "good" if numerator > scaled else "bad"


def enabled_definitions() -> list:
    from .models import MetricDefinition

    return list(MetricDefinition.objects.filter(enabled=True).order_by("position", "code"))


def _spec(definition) -> MetricSpec:
    return MetricSpec(
        code=definition.code,
        formula=definition.formula,
        window_days=definition.window_days,
        lag_days=definition.lag_days,
        fulfilment_channel=definition.fulfilment_channel,
    )


def run_query(sql: str, files: list[str], engine: str) -> list[tuple]:
    if engine == "duckdb":
        from .engine_duckdb import run_metrics_query
    elif engine == "spark":
        from .engine_spark import run_metrics_query
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {ENGINES}")
    return run_metrics_query(sql, files)


def _status(numerator: int, denominator: int, ratio: tuple[int, int], condition: str) -> str:
    """``metric_status`` with the target as an integer ratio: the same answer, in integers."""
    if denominator == 0:
        return "no_data"
    p, q = ratio
    if condition == "lt":
        return "good" if numerator * q < p * denominator else "bad"
    return "good" if numerator * q > p * denominator else "bad"


def values_from_rows(rows: list[tuple], definitions: list, as_of: date) -> list[MetricValue]:
    # A million new objects would trigger the cyclic garbage collector hundreds of times over a
    # growing heap, and none of them can be part of a cycle: pause it while they are made.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _values_from_rows(rows, definitions, as_of)
    finally:
        if was_enabled:
            gc.enable()


def _values_from_rows(rows: list[tuple], definitions: list, as_of: date) -> list[MetricValue]:
    """Rows of ``metrics_query`` (seller, marketplace, d0, n0, d1, n1, …) → MetricValues,
    sorted by seller, marketplace and the definitions' order.

    Built column by column (comprehensions and ``map``, no per-value Python loop body): a
    marketplace has hundreds of thousands of (seller, site) pairs times seven metrics, and
    here the Python side would otherwise take longer than the engine's scan."""
    rows = sorted(map(tuple, rows))  # (seller, marketplace) is unique: plain tuple order
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    sellers, markets = columns[0], columns[1]
    per_metric = []
    for i, d in enumerate(definitions):
        window_from, window_to = window_for(as_of, d.window_days, d.lag_days)
        target = Decimal(d.target)
        p, q = target.as_integer_ratio()
        cond = d.target_condition
        # Counts are never NULL: every returned pair has at least one row, and SUM of CASE
        # over rows is an integer on both engines.
        dens, nums = columns[2 + 2 * i], columns[3 + 2 * i]
        rates = [n / den if den else None for n, den in zip(nums, dens, strict=True)]
        if cond == "lt":
            statuses = [
                ("good" if n * q < p * den else "bad") if den else "no_data"
                for n, den in zip(nums, dens, strict=True)
            ]
        else:
            statuses = [
                ("good" if n * q > p * den else "bad") if den else "no_data"
                for n, den in zip(nums, dens, strict=True)
            ]
        per_metric.append(
            map(
                _Builder,
                sellers,
                markets,
                repeat(d.code),
                nums,
                dens,
                rates,
                repeat(window_from),
                repeat(window_to),
                repeat(float(target)),
                repeat(cond),
                statuses,
            )
        )
    # Interleave: each pair's metrics together, in the definitions' order.
    return _freeze([value for group in zip(*per_metric, strict=True) for value in group])


def compute_metrics(
    *, as_of: date, seller_codes: list[str] | None = None, engine: str = "duckdb"
) -> list[MetricValue]:
    """Every enabled metric for every (seller, marketplace) with at least one order in at least
    one metric's population as of ``as_of``; ``seller_codes`` limits the sellers. A pair gets
    every enabled metric, ``no_data`` where that metric's population is empty."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {ENGINES}")
    definitions = enabled_definitions()
    specs = [_spec(d) for d in definitions]
    # Only the files whose footer ranges reach into some metric's window (a daily recompute
    # skips the months that have aged out of every window).
    files = dataset.current_files(windows=scan_windows(specs, as_of)) if specs else []
    if not files or seller_codes == []:
        return []
    sql = metrics_query(specs, as_of, seller_codes=seller_codes)
    return values_from_rows(run_query(sql, files, engine), definitions, as_of)
