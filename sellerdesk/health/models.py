"""Account health: policy violations, daily snapshots of the score, the enforcement rules
(operator data) and the causes they leave on an account (review, restriction, deactivation).

Order data itself is not here: it lives as Parquet under the data dir (sellerdesk/orders);
only each day's result per seller is kept in the main database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from . import defaults, enforcement, scoring


def _metric_weights() -> dict:
    return dict(defaults.METRIC_WEIGHTS)


def _severity_points() -> dict:
    return dict(defaults.SEVERITY_POINTS)


class HealthSettings(models.Model):
    """The desk-wide numbers of the score, the bands, forecasts and the digest (one row)."""

    healthy_min = models.PositiveSmallIntegerField(default=defaults.HEALTHY_MIN)
    at_risk_min = models.PositiveSmallIntegerField(default=defaults.AT_RISK_MIN)
    metric_weights = models.JSONField(
        default=_metric_weights, help_text="Most points each metric can cost, by metric name."
    )
    severity_points = models.JSONField(
        default=_severity_points, help_text="Points one open violation costs, by severity."
    )
    base_percent = models.PositiveSmallIntegerField(
        default=defaults.BASE_PERCENT,
        help_text="Share of a metric's weight lost as soon as it misses its target.",
    )
    full_at_excess_percent = models.PositiveIntegerField(
        default=defaults.FULL_AT_EXCESS_PERCENT,
        help_text="Excess over the allowance at which a metric costs its whole weight "
        "(100 = a defect rate twice the target).",
    )
    violation_window_days = models.PositiveSmallIntegerField(default=defaults.VIOLATION_WINDOW_DAYS)
    resolved_percent = models.PositiveSmallIntegerField(
        default=defaults.RESOLVED_PERCENT,
        help_text="Share of its points a resolved violation still costs, fading to 0.",
    )
    forecast_points = models.PositiveSmallIntegerField(default=defaults.FORECAST_POINTS)
    forecast_min_points = models.PositiveSmallIntegerField(default=defaults.FORECAST_MIN_POINTS)
    forecast_horizon_days = models.PositiveSmallIntegerField(default=defaults.FORECAST_HORIZON_DAYS)
    digest_weekday = models.PositiveSmallIntegerField(
        default=defaults.DIGEST_WEEKDAY, help_text="0 = Monday … 6 = Sunday, member's local time."
    )
    digest_hour = models.PositiveSmallIntegerField(default=defaults.DIGEST_HOUR)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "health settings"

    def __str__(self) -> str:
        return "Health settings"

    @classmethod
    def current(cls) -> HealthSettings:
        return cls.objects.order_by("pk").first() or cls()

    def clean(self) -> None:
        errors = {}
        if not 0 < self.at_risk_min < self.healthy_min <= defaults.SCORE_MAX:
            errors["healthy_min"] = "Need 0 < at-risk minimum < healthy minimum ≤ 1000."
        weights = self.metric_weights if isinstance(self.metric_weights, dict) else None
        if weights is None or any(
            not isinstance(v, int | float) or v < 0 for v in weights.values()
        ):
            errors["metric_weights"] = "A JSON object of metric name → points (≥ 0)."
        points = self.severity_points if isinstance(self.severity_points, dict) else {}
        ranked = [points.get(s) for s in defaults.SEVERITIES]
        if any(not isinstance(p, int | float) or p < 0 for p in ranked) or ranked != sorted(ranked):
            errors["severity_points"] = (
                "Points for low, medium, high and critical, each ≥ 0 and never less than the "
                "severity below (a worse violation must not cost less)."
            )
        if self.resolved_percent > 100 or self.base_percent > 100:
            errors["resolved_percent"] = "Percentages are at most 100."
        if self.digest_weekday > 6 or self.digest_hour > 23:
            errors["digest_hour"] = "Weekday 0–6 and hour 0–23."
        if self.violation_window_days < 1:
            errors["violation_window_days"] = "At least one day."
        if errors:
            raise ValidationError(errors)

    def score_config(self) -> scoring.ScoreConfig:
        return scoring.ScoreConfig(
            metric_weights=dict(self.metric_weights or {}),
            severity_points=dict(self.severity_points or {}),
            healthy_min=self.healthy_min,
            at_risk_min=self.at_risk_min,
            base_fraction=self.base_percent / 100,
            full_at_excess=self.full_at_excess_percent / 100,
            violation_window_days=self.violation_window_days,
            resolved_fraction=self.resolved_percent / 100,
            max_score=defaults.SCORE_MAX,
        )


class PolicyViolation(models.Model):
    """One policy-violation event reported by the marketplace's back office."""

    class Kind(models.TextChoices):
        IP_COMPLAINT = "ip_complaint", "Intellectual-property complaint"
        AUTHENTICITY = "authenticity", "Authenticity"
        CONDITION = "condition", "Product condition"
        SAFETY = "safety", "Product safety"
        LISTING_POLICY = "listing_policy", "Listing policy"
        RESTRICTED_PRODUCT = "restricted_product", "Restricted product"
        OTHER = "other", "Other policy"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.PROTECT, related_name="policy_violations"
    )
    site = models.ForeignKey("marketplaces.Site", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    detected_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    asin = models.CharField(max_length=10, blank=True)
    # The reporter's own id for the event; unique per seller when given, so a retried report
    # is a 409 naming the existing violation instead of a second deduction.
    reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["seller", "detected_at"], name="violation_seller_detected")]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "reference"],
                condition=~Q(reference=""),
                name="uniq_violation_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seller.code} {self.kind}/{self.severity} {self.detected_at:%Y-%m-%d}"


class HealthSnapshot(models.Model):
    """The evaluation of one seller account on one day, across its marketplaces: the score,
    the band, every metric per marketplace, and the deductions that explain the score."""

    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.CASCADE, related_name="health_snapshots"
    )
    as_of = models.DateField()
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10)
    # [{marketplace, metric, numerator, denominator, rate, window_from, window_to, target,
    #   target_condition, status, beyond}]
    metrics = models.JSONField(default=list)
    deductions = models.JSONField(default=list)
    # {kind: {"open": n, "resolved": n}} within the window, and the forecasts made that day.
    violations = models.JSONField(default=dict)
    forecasts = models.JSONField(default=list)
    engine = models.CharField(max_length=16, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-as_of"]
        get_latest_by = "as_of"
        constraints = [
            models.UniqueConstraint(fields=["seller", "as_of"], name="uniq_health_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.seller.code} {self.as_of}: {self.score} ({self.band})"


class EnforcementRule(models.Model):
    """When the system acts on an account by itself. Operator data, seeded with the seed's
    rules; each firing is audited as ``system:<code>``."""

    class Trigger(models.TextChoices):
        SCORE_BELOW = enforcement.SCORE_BELOW, "Score below a threshold"
        METRIC_BEYOND_TARGET = enforcement.METRIC_BEYOND_TARGET, "Metric beyond its target"
        VIOLATION_OPEN = enforcement.VIOLATION_OPEN, "Open policy violation"

    class Action(models.TextChoices):
        REVIEW = enforcement.REVIEW, "Automated review"
        RESTRICT = enforcement.RESTRICT, "Restrict features"
        DEACTIVATE = enforcement.DEACTIVATE, "Deactivate the account"

    code = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=200)
    name_zh = models.CharField(max_length=200)
    trigger = models.CharField(max_length=24, choices=Trigger.choices)
    threshold = models.IntegerField(null=True, blank=True, help_text="Score threshold.")
    metric = models.CharField(max_length=40, blank=True, help_text="Metric name.")
    min_severity = models.CharField(max_length=10, blank=True)
    violation_kind = models.CharField(max_length=24, blank=True, help_text="Blank: any kind.")
    consecutive = models.PositiveSmallIntegerField(
        default=1, help_text="Evaluations in a row the condition must hold."
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    restrictions = models.JSONField(default=list, blank=True)
    reason_code = models.SlugField(max_length=60)
    appealable = models.BooleanField(default=True)
    case_type = models.CharField(
        max_length=50, blank=True, help_text="Case type code of the case the system opens."
    )
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        errors = {}
        if self.trigger == self.Trigger.SCORE_BELOW and self.threshold is None:
            errors["threshold"] = "A score rule needs a threshold."
        if (
            self.trigger == self.Trigger.METRIC_BEYOND_TARGET
            and self.metric not in defaults.METRICS
        ):
            errors["metric"] = f"One of {', '.join(defaults.METRICS)}."
        if self.min_severity and self.min_severity not in defaults.SEVERITIES:
            errors["min_severity"] = f"One of {', '.join(defaults.SEVERITIES)}."
        if not isinstance(self.restrictions, list) or not all(
            isinstance(r, str) for r in self.restrictions
        ):
            errors["restrictions"] = (
                'A JSON list of restriction codes, e.g. ["mfn_offers_suspended"].'
            )
        if self.consecutive < 1:
            errors["consecutive"] = "At least 1."
        if errors:
            raise ValidationError(errors)

    def as_rule(self) -> enforcement.Rule:
        return enforcement.Rule(
            code=self.code,
            trigger=self.trigger,
            action=self.action,
            consecutive=self.consecutive,
            threshold=self.threshold,
            metric=self.metric,
            min_severity=self.min_severity,
            violation_kind=self.violation_kind,
        )


class AccountCause(models.Model):
    """Why an account is under review, restricted or deactivated: one rule firing (or an
    operator's decision), active until lifted. The seller's status follows from the active
    causes (see enforcement.account_status)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Automated review"
        RESTRICTION = "restriction", "Restriction"
        DEACTIVATION = "deactivation", "Deactivation"

    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.CASCADE, related_name="account_causes"
    )
    # A site code, or "" when the cause covers the whole account.
    marketplace = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason_code = models.SlugField(max_length=60)
    rule = models.ForeignKey(
        EnforcementRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="causes"
    )
    rule_code = models.CharField(max_length=60, blank=True)
    restrictions = models.JSONField(default=list, blank=True)
    appealable = models.BooleanField(default=True)
    since = models.DateTimeField()
    # What the rule saw: score, metric and rate, violation ids, the evaluation date.
    detail = models.JSONField(default=dict, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-since", "-id"]
        indexes = [
            models.Index(
                fields=["seller", "since"], name="cause_active", condition=Q(lifted_at__isnull=True)
            ),
        ]
        constraints = [
            # One active cause per rule and marketplace: a rule that keeps firing does not pile
            # up causes (the evaluation checks first; this makes it certain).
            models.UniqueConstraint(
                fields=["seller", "rule_code", "marketplace"],
                condition=Q(lifted_at__isnull=True) & ~Q(rule_code=""),
                name="uniq_active_cause_per_rule",
            ),
        ]

    def __str__(self) -> str:
        where = self.marketplace or "account"
        return f"{self.seller.code} {self.kind} {self.reason_code} ({where})"

    @property
    def active(self) -> bool:
        return self.lifted_at is None
