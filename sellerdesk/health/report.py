"""The health of a seller shaped as Amazon SP-API ``accountHealthReport-2020-11-18`` (pure), so
tools written for that report read ours. Validated against the published schema in
tests/health/test_report.py.

Following the schema, not its example: each marketplace entry has
``preFulfillmentCancellationRate`` and ``warningStates``, and ``accountHealthRating`` carries
both ``ahrStatus`` (required) and ``accountHealthRatingStatus`` (declared). ``marketplaceId`` is
the site code. What sellerdesk does not measure (invoice defects, unit on-time delivery, the
claim/chargeback/feedback split of the order defect rate, document requests) is reported as
zero counts with status ``NONE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .enforcement import ACCOUNT_WIDE

CONDITIONS = {"lt": "LESS_THAN", "gt": "GREATER_THAN"}
STATUSES = {"good": "GOOD", "bad": "BAD", "no_data": "NONE"}

# sellerdesk violation kind → the report's listing-level field.
VIOLATION_FIELDS = {
    "ip_complaint": "receivedIntellectualPropertyComplaints",
    "authenticity": "productAuthenticityCustomerComplaints",
    "condition": "productConditionCustomerComplaints",
    "safety": "productSafetyCustomerComplaints",
    "listing_policy": "listingPolicyViolations",
    "restricted_product": "restrictedProductPolicyViolations",
    "other": "otherPolicyViolations",
}
UNMEASURED_VIOLATION_FIELDS = (
    "suspectedIntellectualPropertyViolations",
    "foodAndProductSafetyIssues",
    "documentRequests",
)


def date_range(start: date, end: date) -> dict:
    return {
        "reportingDateFrom": f"{start.isoformat()}T00:00Z",
        "reportingDateTo": f"{end.isoformat()}T23:59Z",
    }


def _metric_range(row: dict | None, as_of: date) -> dict:
    if row is None:
        return date_range(as_of, as_of)
    return date_range(date.fromisoformat(row["window_from"]), date.fromisoformat(row["window_to"]))


def _rate_fields(row: dict | None, default_target: float, default_condition: str) -> dict:
    if row is None:
        return {
            "status": "NONE",
            "rate": 0.0,
            "targetValue": default_target,
            "targetCondition": CONDITIONS[default_condition],
        }
    return {
        "status": STATUSES.get(row["status"], "NONE"),
        "rate": float(row["rate"]) if row["rate"] is not None else 0.0,
        "targetValue": float(row["target"]),
        "targetCondition": CONDITIONS.get(row["target_condition"], "LESS_THAN"),
    }


def _count(count: int = 0, status: str = "NONE") -> dict:
    return {"count": int(count), "status": status}


def _odr(row: dict | None, kind: str, as_of: date) -> dict:
    rate = _rate_fields(row, 0.01, "lt")
    return {
        "reportingDateRange": _metric_range(row, as_of),
        "orderCount": int(row["denominator"]) if row else 0,
        "orderWithDefects": _count(row["numerator"] if row else 0, rate["status"]),
        "claims": _count(),
        "chargebacks": _count(),
        "negativeFeedback": _count(),
        "fulfillmentType": kind,
        **rate,
    }


def _listing_level(count: int, start: date, as_of: date) -> dict:
    return {
        "reportingDateRange": date_range(start, as_of),
        "defectsCount": int(count),
        "status": "BAD" if count else "GOOD",
        "targetValue": 0,
        "targetCondition": "EQUALS",
    }


def marketplace_metrics(
    marketplace: str,
    metrics: dict[str, dict],
    violation_counts: dict[str, int],
    *,
    as_of: date,
    window_days: int,
    band: str | None,
) -> dict:
    """One ``performanceMetrics`` item. ``metrics`` is the snapshot's rows of that marketplace
    by metric name; ``violation_counts`` the violations detected in the window by kind."""
    lsr, vtr = metrics.get("late_shipment_rate_30d"), metrics.get("valid_tracking_rate")
    otd, cancel = metrics.get("on_time_delivery_rate"), metrics.get("pre_fulfilment_cancel_rate")
    window_start = as_of - timedelta(days=window_days - 1)
    item: dict = {
        "marketplaceId": marketplace,
        "invoiceDefectRate": {
            "reportingDateRange": date_range(as_of, as_of),
            "orderCount": 0,
            "invoiceDefect": _count(),
            "missingInvoice": _count(),
            "lateInvoice": _count(),
            **_rate_fields(None, 0.05, "lt"),
        },
        "lateShipmentRate": {
            "reportingDateRange": _metric_range(lsr, as_of),
            "orderCount": int(lsr["denominator"]) if lsr else 0,
            "lateShipmentCount": int(lsr["numerator"]) if lsr else 0,
            **_rate_fields(lsr, 0.04, "lt"),
        },
        "orderDefectRate": {
            "mfn": _odr(metrics.get("order_defect_rate_mfn"), "mfn", as_of),
            "afn": _odr(metrics.get("order_defect_rate_afn"), "afn", as_of),
        },
        "onTimeDeliveryRate": {
            "reportingDateRange": _metric_range(otd, as_of),
            "shipmentCountWithValidTracking": int(otd["denominator"]) if otd else 0,
            "onTimeDeliveryCount": int(otd["numerator"]) if otd else 0,
            **_rate_fields(otd, 0.9, "gt"),
        },
        "unitOnTimeDeliveryRate": {
            "reportingDateRange": date_range(as_of, as_of),
            "unitOnTimeDeliveryCount": 0,
            "totalUnitCount": 0,
            **_rate_fields(None, 0.9, "gt"),
        },
        "validTrackingRate": {
            "reportingDateRange": _metric_range(vtr, as_of),
            "shipmentCount": int(vtr["denominator"]) if vtr else 0,
            "validTrackingCount": int(vtr["numerator"]) if vtr else 0,
            **_rate_fields(vtr, 0.95, "gt"),
        },
        "preFulfillmentCancellationRate": {
            "reportingDateRange": _metric_range(cancel, as_of),
            "orderCount": int(cancel["denominator"]) if cancel else 0,
            "cancellationCount": int(cancel["numerator"]) if cancel else 0,
            **_rate_fields(cancel, 0.025, "lt"),
        },
        "warningStates": [],
        "accountHealthRating": {
            "ahrStatus": "GREAT" if band == "healthy" else "WARNED",
            "accountHealthRatingStatus": "GREAT" if band == "healthy" else "WARNED",
            "reportingDateRange": date_range(window_start, as_of),
        },
    }
    for kind, field_name in VIOLATION_FIELDS.items():
        item[field_name] = _listing_level(violation_counts.get(kind, 0), window_start, as_of)
    for field_name in UNMEASURED_VIOLATION_FIELDS:
        item[field_name] = _listing_level(0, window_start, as_of)
    return item


def account_status_for(marketplace: str, causes: Iterable, band: str | None, beyond: bool) -> str:
    """NORMAL, AT_RISK or DEACTIVATED for one marketplace."""
    at_risk = band in ("at_risk", "critical") or beyond
    for cause in causes:
        if cause.marketplace not in (ACCOUNT_WIDE, marketplace):
            continue
        if cause.kind == "deactivation":
            return "DEACTIVATED"
        at_risk = True
    return "AT_RISK" if at_risk else "NORMAL"


def build_report(
    *,
    marketplaces: list[str],
    snapshot_metrics: list[dict],
    violations: Iterable[tuple[str, str]],
    causes: list,
    band: str | None,
    as_of: date,
    window_days: int,
    score: int | None = None,
) -> dict:
    """The whole report. ``violations`` are ``(marketplace, kind)`` of those in the window."""
    by_site: dict[str, dict[str, dict]] = {site: {} for site in marketplaces}
    for row in snapshot_metrics:
        by_site.setdefault(row["marketplace"], {})[row["metric"]] = row
    counts: dict[str, dict[str, int]] = {site: {} for site in by_site}
    for site, kind in violations:
        per = counts.setdefault(site, {})
        per[kind] = per.get(kind, 0) + 1
    by_site = {site: by_site.get(site, {}) for site in sorted(set(by_site) | set(counts))}
    statuses, metrics = [], []
    for site, rows in by_site.items():
        beyond = any(row.get("beyond") for row in rows.values())
        statuses.append(
            {"marketplaceId": site, "status": account_status_for(site, causes, band, beyond)}
        )
        item = marketplace_metrics(
            site, rows, counts.get(site, {}), as_of=as_of, window_days=window_days, band=band
        )
        if score is not None:
            item["accountHealthRating"]["ahrScore"] = score
        metrics.append(item)
    return {"accountStatuses": statuses, "performanceMetrics": metrics}
