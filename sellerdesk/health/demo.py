"""Account-health demo data: about ninety days of orders for the two demo sellers, imported
through the order import service (the path of ``sellerdesk orders import``), two policy
violations through the violation service, and the daily evaluation run for each of the last
weeks' days, so the Account Health page has a score, a trend, forecasts, alerts and causes.

One seller is healthy (深圳星辰); the other (Hangzhou Bright) ships more and more orders late
over the last month and has an open listing-policy violation, so its score falls into the
at-risk band, its late-shipment metric crosses its target and the late-shipment rule opens a
restriction. Deterministic: a fixed seed, days counted back from today. Idempotent: nothing
is done once a demo seller has a snapshot.
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from sellerdesk.orders import columns as order_columns
from sellerdesk.orders.services import order_import_run

from . import services
from .models import HealthSnapshot

SEED = 20241127
ORDER_DAYS = 90  # days of orders, ending yesterday
EVALUATED_DAYS = 28  # daily evaluations, ending yesterday: the trend chart's points
RULE = "demo"


@dataclass(frozen=True)
class DemoSeller:
    code: str
    orders_per_day: dict[str, int]  # marketplace → orders a day
    afn_share: float
    # Shares of merchant-fulfilled orders shipped late and with invalid tracking, CLIMB_DAYS
    # back and yesterday (a straight line between).
    late: tuple[float, float]
    invalid_tracking: tuple[float, float]
    negative_feedback: float
    seller_cancel: float


CLIMB_DAYS = 35
SELLERS = (
    DemoSeller(
        code="A3SZSTAR01",
        orders_per_day={"US": 30, "UK": 10, "DE": 10, "JP": 8},
        afn_share=0.45,
        late=(0.004, 0.004),
        invalid_tracking=(0.004, 0.004),
        negative_feedback=0.002,
        seller_cancel=0.001,
    ),
    DemoSeller(
        code="A7HZBRIGHT",
        orders_per_day={"US": 14, "CA": 5},
        afn_share=0.15,
        late=(0.01, 0.2),
        invalid_tracking=(0.01, 0.09),
        negative_feedback=0.004,
        seller_cancel=0.006,
    ),
)
CURRENCIES = {"US": "USD", "CA": "CAD", "UK": "GBP", "DE": "EUR", "JP": "JPY"}
CARRIERS = {"US": "UPS", "CA": "Canada Post", "UK": "Royal Mail", "DE": "DHL", "JP": "Yamato"}


def _ts(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _between(pair: tuple[float, float], climb: float) -> float:
    return pair[0] + (pair[1] - pair[0]) * climb


def _order(seller: DemoSeller, site: str, day: date, n: int, rng, now: datetime, today: date):
    """One order bought on ``day``: its events happen when they would, none after ``now``.
    Every random number is drawn whatever the order's fate, so the same seed gives the same
    orders at any time of day."""
    draw = [rng.random() for _ in range(11)]
    purchased = datetime.combine(day, time.min, tzinfo=UTC) + timedelta(seconds=86399 * draw[0])
    ship_by = purchased + timedelta(days=2)
    afn = draw[1] < seller.afn_share
    climb = min(max(1 - (today - day).days / CLIMB_DAYS, 0.0), 1.0)
    row = {name: "" for name in order_columns.NAMES}
    shipped: datetime | None
    if draw[2] < seller.seller_cancel + 0.01:
        shipped = None
        row["cancelled_at"] = _ts(min(purchased + timedelta(hours=1 + 19 * draw[3]), now))
        row["cancelled_by"] = "seller" if draw[2] < seller.seller_cancel else "buyer"
    elif not afn and draw[4] < _between(seller.late, climb):
        shipped = ship_by + timedelta(hours=4 + 56 * draw[3])
    else:
        shipped = purchased + timedelta(hours=3 + 37 * draw[3])
    if shipped is not None and shipped < now:
        row["shipped_at"] = _ts(shipped)
        row["tracking_id"] = f"{site}{int(draw[5] * 10**11):011d}"
        row["carrier"] = CARRIERS[site]
        invalid = draw[6] < _between(seller.invalid_tracking, climb)
        row["tracking_valid"] = "false" if invalid else "true"
        delivered = shipped + timedelta(hours=30 + 100 * draw[7])
        if delivered < now:
            row["delivered_at"] = _ts(delivered)
    feedback = purchased + timedelta(days=5 + 10 * draw[8])
    if draw[9] < seller.negative_feedback and feedback < now:
        row["negative_feedback_at"] = _ts(feedback)
    row.update(
        order_id=f"{seller.code[-4:]}-{site}-{day:%Y%m%d}-{n:03d}",
        seller_code=seller.code,
        marketplace=site,
        fulfilment_channel="AFN" if afn else "MFN",
        purchased_at=_ts(purchased),
        ship_by=_ts(ship_by),
        promised_delivery_at=_ts(ship_by + timedelta(days=5)),
        units=str(1 + int(draw[10] * 3)),
        order_total=f"{8 + 112 * draw[10]:.2f}",
        currency=CURRENCIES[site],
    )
    return row


def write_orders(path: Path, *, today: date, now: datetime) -> int:
    """The demo's orders as a CSV file, the format a seller's ERP export would send."""
    rng = random.Random(SEED)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=order_columns.NAMES)
        writer.writeheader()
        for back in range(ORDER_DAYS, 0, -1):
            day = today - timedelta(days=back)
            for seller in SELLERS:
                for site, per_day in seller.orders_per_day.items():
                    for n in range(per_day + rng.randint(-2, 2)):
                        writer.writerow(_order(seller, site, day, n, rng, now, today))
                        count += 1
    return count


def _violations(now: datetime) -> None:
    # A listing-policy problem still open on the at-risk seller; a resolved condition complaint
    # on the healthy one (it costs a fading share for a while).
    services.violation_create(
        actor=None,
        seller_code="A7HZBRIGHT",
        marketplace="US",
        kind="listing_policy",
        severity="medium",
        detected_at=now - timedelta(days=12),
        asin="B0DEMO0001",
        reference="demo-listing-policy-1",
        rule=RULE,
        now=now,
    )
    services.violation_create(
        actor=None,
        seller_code="A3SZSTAR01",
        marketplace="UK",
        kind="condition",
        severity="low",
        detected_at=now - timedelta(days=45),
        resolved_at=now - timedelta(days=38),
        asin="B0DEMO0002",
        reference="demo-condition-1",
        rule=RULE,
        now=now,
    )


def load(now: datetime | None = None) -> None:
    """Orders, violations and four weeks of daily evaluations for the demo sellers, once."""
    codes = [seller.code for seller in SELLERS]
    if HealthSnapshot.objects.filter(seller__code__in=codes).exists():
        return
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    with tempfile.TemporaryDirectory(prefix="sellerdesk-demo-") as folder:
        path = Path(folder) / "demo-orders.csv"
        write_orders(path, today=today, now=now)
        result = order_import_run(actor=None, path=path)
    if result.rejected_rows:
        raise RuntimeError(f"demo orders rejected: {result.rejected[:3]}")
    _violations(now)
    for back in range(EVALUATED_DAYS, 0, -1):
        as_of = today - timedelta(days=back)
        # As the daily job would have run it, early the next morning.
        ran_at = datetime.combine(as_of + timedelta(days=1), time(2, 30), tzinfo=UTC)
        services.health_evaluate(as_of=as_of, seller_codes=codes, now=min(ran_at, now))
