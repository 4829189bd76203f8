"""Helpers for the account-health tests: metric values built by hand (the data plane's
MetricValue), evaluations on chosen days, and violations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from sellerdesk.health import services
from sellerdesk.health.inputs import MetricValue

TARGETS = {
    "order_defect_rate_afn": (0.01, "lt"),
    "order_defect_rate_mfn": (0.01, "lt"),
    "late_shipment_rate_10d": (0.04, "lt"),
    "late_shipment_rate_30d": (0.04, "lt"),
    "pre_fulfilment_cancel_rate": (0.025, "lt"),
    "valid_tracking_rate": (0.95, "gt"),
    "on_time_delivery_rate": (0.90, "gt"),
}
GOOD_RATES = {
    "order_defect_rate_afn": 0.002,
    "order_defect_rate_mfn": 0.003,
    "late_shipment_rate_10d": 0.01,
    "late_shipment_rate_30d": 0.012,
    "pre_fulfilment_cancel_rate": 0.005,
    "valid_tracking_rate": 0.99,
    "on_time_delivery_rate": 0.97,
}


def mv(
    metric: str,
    rate: float | None,
    *,
    seller: str = "A1SELLER",
    marketplace: str = "US",
    as_of: date = date(2026, 3, 2),
    denominator: int = 1000,
) -> MetricValue:
    target, condition = TARGETS[metric]
    numerator = 0 if rate is None else round(rate * denominator)
    if rate is None:
        status, denominator = "no_data", 0
    elif (condition == "lt" and rate >= target) or (condition == "gt" and rate <= target):
        status = "bad"
    else:
        status = "good"
    return MetricValue(
        seller,
        marketplace,
        metric,
        numerator,
        denominator,
        rate,
        as_of - timedelta(days=29),
        as_of,
        target,
        condition,
        status,
    )


def metrics_for(
    as_of: date, *, seller: str = "A1SELLER", marketplace: str = "US", **rates
) -> list[MetricValue]:
    """Every metric of one seller and marketplace, good unless a rate is given."""
    chosen = {**GOOD_RATES, **rates}
    return [
        mv(name, rate, seller=seller, marketplace=marketplace, as_of=as_of)
        for name, rate in chosen.items()
    ]


def at(day: date, hour: int = 3) -> datetime:
    """When the evaluation of ``day`` runs: the early hours of the next day, UTC."""
    return datetime.combine(day + timedelta(days=1), time(hour), tzinfo=UTC)


@pytest.fixture
def evaluate():
    def _run(day: date, values, *, codes=None, now: datetime | None = None):
        return services.health_record(
            as_of=day, metric_values=values, seller_codes=codes, now=now or at(day)
        )

    return _run
