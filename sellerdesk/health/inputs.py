"""The order data plane's interface, as account health consumes it.

``sellerdesk.orders.metrics`` owns ``MetricValue``, ``MetricTable`` and ``compute_metrics``;
scoring reads only the fields below, so when that module cannot be imported (no analytics
engine installed) the same shape is declared here for tests and tools to build metric lists by
hand. An evaluation reads its metrics one seller at a time: ``for_seller`` and
``seller_codes``, which a ``MetricTable`` has and ``MetricList`` gives a plain list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

try:  # pragma: no cover - an install without the analytics engines
    from sellerdesk.orders.metrics import MetricValue  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover

    @dataclass(frozen=True)
    class MetricValue:  # type: ignore[no-redef]
        seller_code: str
        marketplace: str
        metric: str
        numerator: int
        denominator: int
        rate: float | None
        window_from: date
        window_to: date
        target: float
        target_condition: str  # "lt" / "gt"
        status: str  # "good" | "bad" | "no_data"


def compute_metrics(*, as_of: date, seller_codes: list[str] | None, engine: str):
    """The data plane's ``MetricTable`` for ``as_of`` (imported when called, so health works
    and is tested without the analytics engines installed)."""
    from sellerdesk.orders.metrics import compute_metrics as engine_compute

    return engine_compute(as_of=as_of, seller_codes=seller_codes, engine=engine)


class MetricList:
    """MetricValues given as a list (tests, metrics computed elsewhere), read per seller like a
    ``MetricTable``."""

    def __init__(self, values: Iterable):
        self._by_code: dict[str, list] = defaultdict(list)
        for value in values:
            self._by_code[value.seller_code.strip().upper()].append(value)

    def seller_codes(self) -> list[str]:
        return sorted(self._by_code)

    def for_seller(self, seller_code: str) -> list:
        return list(self._by_code.get(seller_code, []))


def by_seller(metrics):
    """``metrics`` readable per seller: a ``MetricTable`` as it is, any other iterable of
    MetricValues as a ``MetricList``."""
    if hasattr(metrics, "for_seller") and hasattr(metrics, "seller_codes"):
        return metrics
    return MetricList(metrics)


def metric_json(value, *, beyond: bool) -> dict:
    """A MetricValue as stored in a snapshot."""
    return {
        "marketplace": value.marketplace,
        "metric": value.metric,
        "numerator": int(value.numerator),
        "denominator": int(value.denominator),
        "rate": None if value.rate is None else float(value.rate),
        "window_from": value.window_from.isoformat(),
        "window_to": value.window_to.isoformat(),
        "target": float(value.target),
        "target_condition": value.target_condition,
        "status": value.status,
        "beyond": beyond,
    }


@dataclass(frozen=True)
class StoredMetric:
    """A snapshot's metric read back, with the attributes scoring and forecasts read."""

    marketplace: str
    metric: str
    rate: float | None
    target: float
    target_condition: str

    @classmethod
    def from_json(cls, row: dict) -> StoredMetric:
        return cls(
            row["marketplace"], row["metric"], row["rate"], row["target"], row["target_condition"]
        )
