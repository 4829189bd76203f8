"""The seed's account-health numbers and the starting model around them. Loaded into the
``HealthSettings`` row and the ``EnforcementRule`` table by a data migration; the operator
edits them in the admin afterwards. Nothing in a code path reads these directly except as
the fallback when those rows are missing."""

from __future__ import annotations

# The metrics the order data plane computes (sellerdesk/orders/metrics.py), in display order.
METRICS = (
    "order_defect_rate_afn",
    "order_defect_rate_mfn",
    "late_shipment_rate_10d",
    "late_shipment_rate_30d",
    "pre_fulfilment_cancel_rate",
    "valid_tracking_rate",
    "on_time_delivery_rate",
)

# Most points a metric can cost when it is beyond its target (see docs/health-score.md).
# Only the worst marketplace of each metric counts, so the sum is the most metrics can cost.
METRIC_WEIGHTS = {
    "order_defect_rate_afn": 300,
    "order_defect_rate_mfn": 300,
    "late_shipment_rate_10d": 100,
    "late_shipment_rate_30d": 150,
    "pre_fulfilment_cancel_rate": 150,
    "valid_tracking_rate": 150,
    "on_time_delivery_rate": 100,
}

SEVERITIES = ("low", "medium", "high", "critical")
# Points one open policy violation costs, by severity (must not decrease with severity).
SEVERITY_POINTS = {"low": 20, "medium": 60, "high": 150, "critical": 350}

SCORE_MAX = 1000
HEALTHY_MIN = 700  # the seed: 700 and above is healthy
AT_RISK_MIN = 400  # the seed: below 400 an automated review starts
BASE_PERCENT = 25  # share of a metric's weight lost as soon as it is beyond its target
FULL_AT_EXCESS_PERCENT = 100  # excess (relative to the allowance) at which the whole weight goes
VIOLATION_WINDOW_DAYS = 180
RESOLVED_PERCENT = 25  # share of its points a resolved violation still costs, fading to 0

FORECAST_POINTS = 7  # snapshots the trend is fitted on
FORECAST_MIN_POINTS = 3
FORECAST_HORIZON_DAYS = 14
DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 9

# code, names, trigger, action, parameters, restrictions, reason code, appealable, case type
DEFAULT_RULES = [
    {
        "code": "score_review",
        "name_en": "Score below 400: automated review",
        "name_zh": "健康分低于 400：自动审核",
        "trigger": "score_below",
        "threshold": AT_RISK_MIN,
        "consecutive": 1,
        "action": "review",
        "restrictions": [],
        "reason_code": "health_score_below_threshold",
        "appealable": True,
        "case_type": "account-health-review",
    },
    {
        "code": "late_shipment_mfn_suspension",
        "name_en": "Late shipment beyond target 3 times: merchant-fulfilled offers suspended",
        "name_zh": "迟发率连续 3 次超标：暂停卖家自配送商品",
        "trigger": "metric_beyond_target",
        "metric": "late_shipment_rate_10d",
        "consecutive": 3,
        "action": "restrict",
        "restrictions": ["mfn_offers_suspended"],
        "reason_code": "late_shipment_rate_beyond_target",
        "appealable": True,
        "case_type": "",
    },
    {
        "code": "valid_tracking_mfn_suspension",
        "name_en": "Valid tracking beyond target 3 times: merchant-fulfilled offers suspended",
        "name_zh": "有效追踪率连续 3 次未达标：暂停卖家自配送商品",
        "trigger": "metric_beyond_target",
        "metric": "valid_tracking_rate",
        "consecutive": 3,
        "action": "restrict",
        "restrictions": ["mfn_offers_suspended"],
        "reason_code": "valid_tracking_rate_beyond_target",
        "appealable": True,
        "case_type": "",
    },
    {
        "code": "critical_score_deactivation",
        "name_en": "Critical for 14 evaluations: account deactivated",
        "name_zh": "连续 14 次处于危急状态：账户停用",
        "trigger": "score_below",
        "threshold": AT_RISK_MIN,
        "consecutive": 14,
        "action": "deactivate",
        "restrictions": ["selling_privileges_removed"],
        "reason_code": "health_score_critical",
        "appealable": True,
        "case_type": "account-deactivation",
    },
    {
        "code": "critical_violation_deactivation",
        "name_en": "Critical policy violation: account deactivated",
        "name_zh": "严重政策违规：账户停用",
        "trigger": "violation_open",
        "min_severity": "critical",
        "consecutive": 1,
        "action": "deactivate",
        "restrictions": ["selling_privileges_removed"],
        "reason_code": "critical_policy_violation",
        "appealable": True,
        "case_type": "account-deactivation",
    },
]

REVIEW_CASE_TYPE = {
    "code": "account-health-review",
    "name_en": "Account health review",
    "name_zh": "账户健康审核",
    "team": "account-health",
    "first_response_hours": 24,
    "resolution_hours": 120,
}
