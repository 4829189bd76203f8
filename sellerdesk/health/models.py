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
from django.utils.translation import gettext_lazy as _

from . import defaults, enforcement, scoring


def _metric_weights() -> dict:
    return dict(defaults.METRIC_WEIGHTS)


def _severity_points() -> dict:
    return dict(defaults.SEVERITY_POINTS)


class HealthSettings(models.Model):
    """The desk-wide numbers of the score, the bands, forecasts and the digest (one row)."""

    healthy_min = models.PositiveSmallIntegerField(
        default=defaults.HEALTHY_MIN, verbose_name=_("healthy from (score)")
    )
    at_risk_min = models.PositiveSmallIntegerField(
        default=defaults.AT_RISK_MIN, verbose_name=_("at risk from (score)")
    )
    metric_weights = models.JSONField(
        default=_metric_weights,
        help_text=_("Most points each metric can cost, by metric name."),
        verbose_name=_("metric weights"),
    )
    severity_points = models.JSONField(
        default=_severity_points,
        help_text=_("Points one open violation costs, by severity."),
        verbose_name=_("severity points"),
    )
    base_percent = models.PositiveSmallIntegerField(
        default=defaults.BASE_PERCENT,
        help_text=_("Share of a metric's weight lost as soon as it misses its target."),
        verbose_name=_("base deduction (percent)"),
    )
    full_at_excess_percent = models.PositiveIntegerField(
        default=defaults.FULL_AT_EXCESS_PERCENT,
        help_text=_(
            "Excess over the allowance at which a metric costs its whole weight "
            "(100 = a defect rate twice the target)."
        ),
        verbose_name=_("full deduction at excess (percent)"),
    )
    violation_window_days = models.PositiveSmallIntegerField(
        default=defaults.VIOLATION_WINDOW_DAYS, verbose_name=_("violation window (days)")
    )
    resolved_percent = models.PositiveSmallIntegerField(
        default=defaults.RESOLVED_PERCENT,
        help_text=_("Share of its points a resolved violation still costs, fading to 0."),
        verbose_name=_("resolved violation cost (percent)"),
    )
    forecast_points = models.PositiveSmallIntegerField(
        default=defaults.FORECAST_POINTS, verbose_name=_("forecast points")
    )
    forecast_min_points = models.PositiveSmallIntegerField(
        default=defaults.FORECAST_MIN_POINTS, verbose_name=_("forecast minimum points")
    )
    forecast_horizon_days = models.PositiveSmallIntegerField(
        default=defaults.FORECAST_HORIZON_DAYS, verbose_name=_("forecast horizon (days)")
    )
    digest_weekday = models.PositiveSmallIntegerField(
        default=defaults.DIGEST_WEEKDAY,
        help_text=_("0 = Monday … 6 = Sunday, member's local time."),
        verbose_name=_("digest weekday"),
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=defaults.DIGEST_HOUR, verbose_name=_("digest hour")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("health settings")
        verbose_name_plural = _("health settings")

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
        "accounts.Seller",
        on_delete=models.PROTECT,
        related_name="policy_violations",
        verbose_name=_("seller"),
    )
    site = models.ForeignKey(
        "marketplaces.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name=_("kind"))
    severity = models.CharField(max_length=10, choices=Severity.choices, verbose_name=_("severity"))
    detected_at = models.DateTimeField(verbose_name=_("detected at"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))
    asin = models.CharField(max_length=10, blank=True, verbose_name=_("ASIN"))
    # The reporter's own id for the event; unique per seller when given, so a retried report
    # is a 409 naming the existing violation instead of a second deduction.
    reference = models.CharField(max_length=200, blank=True, verbose_name=_("reference"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("policy violation")
        verbose_name_plural = _("policy violations")
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
        "accounts.Seller",
        on_delete=models.CASCADE,
        related_name="health_snapshots",
        verbose_name=_("seller"),
    )
    as_of = models.DateField(verbose_name=_("as of"))
    score = models.PositiveSmallIntegerField(verbose_name=_("score"))
    band = models.CharField(max_length=10, verbose_name=_("band"))
    # [{marketplace, metric, numerator, denominator, rate, window_from, window_to, target,
    #   target_condition, status, beyond}]
    metrics = models.JSONField(default=list, verbose_name=_("metrics"))
    deductions = models.JSONField(default=list, verbose_name=_("deductions"))
    # {kind: {"open": n, "resolved": n}} within the window, and the forecasts made that day.
    violations = models.JSONField(default=dict, verbose_name=_("violations"))
    forecasts = models.JSONField(default=list, verbose_name=_("forecasts"))
    engine = models.CharField(max_length=16, blank=True, verbose_name=_("engine"))
    computed_at = models.DateTimeField(verbose_name=_("computed at"))

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
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

    code = models.SlugField(max_length=60, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=200, verbose_name=_("name (English)"))
    name_zh = models.CharField(max_length=200, verbose_name=_("name (Chinese)"))
    trigger = models.CharField(max_length=24, choices=Trigger.choices, verbose_name=_("trigger"))
    threshold = models.IntegerField(
        null=True, blank=True, help_text=_("Score threshold."), verbose_name=_("threshold")
    )
    metric = models.CharField(
        max_length=40, blank=True, help_text=_("Metric name."), verbose_name=_("metric")
    )
    min_severity = models.CharField(max_length=10, blank=True, verbose_name=_("minimum severity"))
    violation_kind = models.CharField(
        max_length=24, blank=True, help_text=_("Blank: any kind."), verbose_name=_("violation kind")
    )
    consecutive = models.PositiveSmallIntegerField(
        default=1,
        help_text=_("Evaluations in a row the condition must hold."),
        verbose_name=_("consecutive evaluations"),
    )
    action = models.CharField(max_length=12, choices=Action.choices, verbose_name=_("action"))
    restrictions = models.JSONField(default=list, blank=True, verbose_name=_("restrictions"))
    reason_code = models.SlugField(max_length=60, verbose_name=_("reason code"))
    appealable = models.BooleanField(default=True, verbose_name=_("appealable"))
    case_type = models.CharField(
        max_length=50,
        blank=True,
        help_text=_("Case type code of the case the system opens."),
        verbose_name=_("case type"),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    position = models.PositiveIntegerField(default=100, verbose_name=_("position"))

    class Meta:
        verbose_name = _("enforcement rule")
        verbose_name_plural = _("enforcement rules")
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
        "accounts.Seller",
        on_delete=models.CASCADE,
        related_name="account_causes",
        verbose_name=_("seller"),
    )
    # A site code, or "" when the cause covers the whole account.
    marketplace = models.CharField(max_length=8, blank=True, verbose_name=_("marketplace"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    reason_code = models.SlugField(max_length=60, verbose_name=_("reason code"))
    rule = models.ForeignKey(
        EnforcementRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="causes",
        verbose_name=_("rule"),
    )
    rule_code = models.CharField(max_length=60, blank=True, verbose_name=_("rule code"))
    restrictions = models.JSONField(default=list, blank=True, verbose_name=_("restrictions"))
    appealable = models.BooleanField(default=True, verbose_name=_("appealable"))
    since = models.DateTimeField(verbose_name=_("since"))
    # What the rule saw: score, metric and rate, violation ids, the evaluation date.
    detail = models.JSONField(default=dict, blank=True, verbose_name=_("detail"))
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case"),
    )
    lifted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lifted at"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.TextField(blank=True, verbose_name=_("reason for lifting"))

    class Meta:
        verbose_name = _("account cause")
        verbose_name_plural = _("account causes")
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
