"""Each metric formula written once, as SQL both DuckDB and Spark SQL run unchanged.

Pure: no ORM, no engine. ``metrics_query`` renders one ``GROUP BY seller_code, marketplace``
query that counts, in a single scan, the population (denominator) and the counted orders
(numerator) of every metric. Only the dialect both engines share is used: ``CASE WHEN``,
comparisons, ``IS NULL``, ``AND``/``OR``, ``IN``, ``TIMESTAMP '…'`` literals (read in UTC: both
engines run with a UTC session time zone), ``SUM`` and ``CAST(… AS BIGINT)``.

Time: a metric evaluated *as of* day D looks at the world at T = D + 1 day, 00:00 UTC (the end of
D). A window of N days with a lag of L days covers [T − L − N days, T − L): whole UTC days, the
first included, the last one D − L included. Events stamped at or after T (a shipment, a
cancellation, feedback, a claim, a chargeback, a delivery recorded later) have not happened yet
as of D, so recomputing a past date gives the answer that date had.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# What each formula counts. ``{T}`` is the as-of instant. The population is further limited to
# the window (on ``window_column``) and the definition's fulfilment channel.
#
# Edge decisions (docs/adr/0004-orders-as-parquet.md, "Metric formulas"):
# - order defect: one defect per order however many causes (the CASE counts the order once).
#   A claim counts unless its outcome is ``denied`` (pending, granted and withdrawn all count:
#   the contract says "a claim not denied"). Fraud chargebacks are not seller defects.
# - late shipment: cancelled orders (as of T) leave the population; an order whose shipment is
#   unconfirmed is late, because every ship-by date in the window is before T.
# - pre-fulfilment cancel: the seller cancelled, or the system cancelled an order that had not
#   been confirmed as shipped by then; buyer cancellations never count.
# - valid tracking: shipped (confirmed before T) orders; an unknown ``tracking_valid`` is not
#   valid.
# - on-time delivery: orders with valid tracking; delivered at or before the promised instant.


@dataclass(frozen=True)
class Formula:
    window_column: str
    population: str  # SQL predicate, or "" for every order in the window
    numerator: str  # SQL predicate over the population


FORMULAS: dict[str, Formula] = {
    "order_defect": Formula(
        window_column="purchased_at",
        population="",
        numerator="(negative_feedback_at < {T})"
        " OR (claim_at < {T} AND claim_outcome <> 'denied')"
        " OR (chargeback_at < {T} AND chargeback_kind = 'service')",
    ),
    "late_shipment": Formula(
        window_column="ship_by",
        population="(cancelled_at IS NULL OR cancelled_at >= {T})",
        numerator="(shipped_at IS NULL OR shipped_at > ship_by)",
    ),
    "pre_fulfilment_cancel": Formula(
        window_column="purchased_at",
        population="",
        numerator="cancelled_at < {T} AND (cancelled_by = 'seller'"
        " OR (cancelled_by = 'system' AND (shipped_at IS NULL OR shipped_at > cancelled_at)))",
    ),
    "valid_tracking": Formula(
        window_column="promised_delivery_at",
        population="shipped_at < {T}",
        numerator="tracking_valid = TRUE",
    ),
    # Not a metric with a target: the seller's disputes (A-to-z claims not denied and service
    # chargebacks), which the SLA's high-health priority rule reads (sla/priority.py).
    "dispute": Formula(
        window_column="purchased_at",
        population="",
        numerator="(claim_at < {T} AND claim_outcome <> 'denied')"
        " OR (chargeback_at < {T} AND chargeback_kind = 'service')",
    ),
    "on_time_delivery": Formula(
        window_column="promised_delivery_at",
        population="tracking_valid = TRUE",
        numerator="delivered_at <= promised_delivery_at AND delivered_at < {T}",
    ),
}

# The columns the formulas read: the engines need nothing else from the dataset.
METRIC_COLUMNS = (
    "seller_code",
    "marketplace",
    "fulfilment_channel",
    "purchased_at",
    "ship_by",
    "shipped_at",
    "tracking_valid",
    "promised_delivery_at",
    "delivered_at",
    "cancelled_at",
    "cancelled_by",
    "negative_feedback_at",
    "claim_at",
    "claim_outcome",
    "chargeback_at",
    "chargeback_kind",
)


@dataclass(frozen=True)
class MetricSpec:
    """What the query needs of a MetricDefinition (kept ORM-free so this module stays pure)."""

    code: str
    formula: str
    window_days: int
    lag_days: int = 0
    fulfilment_channel: str = ""


def window_for(as_of: date, window_days: int, lag_days: int = 0) -> tuple[date, date]:
    """The window's first and last day, both included."""
    last = as_of - timedelta(days=lag_days)
    return last - timedelta(days=window_days - 1), last


def scan_windows(specs: list[MetricSpec], as_of: date) -> list[tuple[str, str, str]]:
    """(column, low, high) of every population's window, as ISO text: a file whose range of
    that column misses all of them cannot hold a counted order and need not be read."""
    out = []
    for spec in specs:
        first, last = window_for(as_of, spec.window_days, spec.lag_days)
        column = FORMULAS[spec.formula].window_column
        low = f"{first.isoformat()}T00:00:00.000000"
        high = f"{(last + timedelta(days=1)).isoformat()}T00:00:00.000000"
        out.append((column, low, high))
    return out


def _ts(day: date) -> str:
    return f"TIMESTAMP '{day.isoformat()} 00:00:00'"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def population_sql(spec: MetricSpec, as_of: date) -> str:
    formula = FORMULAS[spec.formula]
    first, last = window_for(as_of, spec.window_days, spec.lag_days)
    column = formula.window_column
    parts = [f"{column} >= {_ts(first)}", f"{column} < {_ts(last + timedelta(days=1))}"]
    if spec.fulfilment_channel:
        parts.append(f"fulfilment_channel = {_quote(spec.fulfilment_channel)}")
    if formula.population:
        parts.append("(" + formula.population.format(T=_ts(as_of + timedelta(days=1))) + ")")
    return " AND ".join(parts)


def numerator_sql(spec: MetricSpec, as_of: date) -> str:
    return "(" + FORMULAS[spec.formula].numerator.format(T=_ts(as_of + timedelta(days=1))) + ")"


def metrics_query(
    specs: list[MetricSpec],
    as_of: date,
    *,
    table: str = "orders",
    seller_codes: list[str] | None = None,
) -> str:
    """One aggregate query: columns seller_code, marketplace, then ``d0, n0, d1, n1, …`` (the
    denominator and numerator of ``specs[i]``). Only (seller, marketplace) pairs with at least
    one order in at least one population are returned."""
    if not specs:
        raise ValueError("metrics_query needs at least one metric")
    select = ["seller_code", "marketplace"]
    populations = []
    for i, spec in enumerate(specs):
        pop = population_sql(spec, as_of)
        num = numerator_sql(spec, as_of)
        populations.append(f"({pop})")
        select.append(f"CAST(SUM(CASE WHEN {pop} THEN 1 ELSE 0 END) AS BIGINT) AS d{i}")
        select.append(f"CAST(SUM(CASE WHEN {pop} AND {num} THEN 1 ELSE 0 END) AS BIGINT) AS n{i}")
    where = "(" + " OR ".join(populations) + ")"
    if seller_codes is not None:
        codes = ", ".join(_quote(c) for c in sorted(set(seller_codes))) or "NULL"
        where = f"seller_code IN ({codes}) AND {where}"
    return (
        "SELECT " + ",\n  ".join(select) + f"\nFROM {table}\nWHERE {where}\n"
        "GROUP BY seller_code, marketplace"
    )
