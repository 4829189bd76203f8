"""The writers of account health: policy violations, and the daily evaluation that turns the
order data plane's metrics into a score, a snapshot, enforcement and alerts.

``health_evaluate`` is what ``sellerdesk health compute`` and the daily task call. Each seller
is evaluated in its own transaction with its row locked, so two evaluations of one seller run
one after the other and a failure leaves the others' results in place. A snapshot is the
record of the computation itself; the audit trail gets the changes it causes (band changes,
causes opened, status changes), each attributed to the system and the rule.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.sites.models import Site

from . import alerts, causes, enforcement, forecast, inputs, scoring
from .models import AccountCause, EnforcementRule, HealthSettings, HealthSnapshot, PolicyViolation

log = logging.getLogger(__name__)
ASIN_RE = re.compile(r"^(B0[0-9A-Z]{8}|\d{9}[\dX])$")
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_REFERENCE = 200


# --- policy violations --------------------------------------------------------------------


def _require_operator(actor: User | None) -> None:
    if actor is not None and not actor.is_operator:
        raise Forbidden("Only operators and integrations can report policy violations.")


def _check_time(name: str, value, now: datetime, errors: list[FieldError]) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        errors.append(FieldError(name, "invalid", f"{name} must include a time-zone offset"))
    elif value > now + FUTURE_TOLERANCE:
        errors.append(FieldError(name, "in_future", f"{name} must not be in the future"))


def violation_create(
    *,
    actor: User | None,
    seller_code: str,
    marketplace: str,
    kind: str,
    severity: str,
    detected_at: datetime,
    resolved_at: datetime | None = None,
    asin: str = "",
    reference: str = "",
    rule: str = "violations_import",
    now: datetime | None = None,
) -> PolicyViolation:
    """Record one policy-violation event. Every invalid field is named at once; a
    ``reference`` already recorded for the seller is a 409 naming the existing violation."""
    now = now or timezone.now()
    _require_operator(actor)
    errors: list[FieldError] = []
    seller = Seller.objects.filter(code=(seller_code or "").strip().upper()).first()
    if seller is None:
        errors.append(FieldError("seller_code", "unknown", f"unknown seller {seller_code!r}"))
    site = Site.objects.filter(code=(marketplace or "").strip().upper()).first()
    if site is None:
        errors.append(FieldError("marketplace", "unknown", f"unknown marketplace {marketplace!r}"))
    elif seller is not None and not seller.sites.filter(pk=site.pk).exists():
        errors.append(
            FieldError("marketplace", "not_enrolled", f"seller does not sell on {site.code}")
        )
    if kind not in PolicyViolation.Kind.values:
        errors.append(
            FieldError("kind", "invalid", f"kind must be one of {PolicyViolation.Kind.values}")
        )
    if severity not in PolicyViolation.Severity.values:
        errors.append(
            FieldError(
                "severity", "invalid", f"severity must be one of {PolicyViolation.Severity.values}"
            )
        )
    if detected_at is None:
        errors.append(FieldError("detected_at", "required", "detected_at is required"))
    _check_time("detected_at", detected_at, now, errors)
    _check_time("resolved_at", resolved_at, now, errors)
    if (
        resolved_at is not None
        and detected_at is not None
        and resolved_at.tzinfo is not None
        and detected_at.tzinfo is not None
        and resolved_at < detected_at
    ):
        errors.append(
            FieldError("resolved_at", "before_detected", "resolved_at is before detected_at")
        )
    asin = (asin or "").strip().upper()
    if asin and not ASIN_RE.match(asin):
        errors.append(FieldError("asin", "invalid", "10 characters: B0… or an ISBN-10"))
    reference = (reference or "").strip()
    if len(reference) > MAX_REFERENCE:
        errors.append(FieldError("reference", "too_long", f"at most {MAX_REFERENCE} characters"))
    if errors:
        raise ValidationFailed("The policy violation is invalid.", errors)
    assert seller is not None and site is not None
    if reference:
        existing = PolicyViolation.objects.filter(seller=seller, reference=reference).first()
        if existing is not None:
            raise _duplicate(existing)
    try:
        with transaction.atomic():
            violation = PolicyViolation.objects.create(
                seller=seller,
                site=site,
                kind=kind,
                severity=severity,
                detected_at=detected_at,
                resolved_at=resolved_at,
                asin=asin,
                reference=reference,
                created_at=now,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                rule=None if actor else rule,
                action="health.violation_recorded",
                obj=violation,
                after={
                    "seller": seller.code,
                    "marketplace": site.code,
                    "kind": kind,
                    "severity": severity,
                    "detected_at": detected_at,
                    "resolved_at": resolved_at,
                    "asin": asin,
                    "reference": reference,
                },
                at=now,
            )
    except IntegrityError:
        # A concurrent report with the same reference committed first.
        existing = PolicyViolation.objects.filter(seller=seller, reference=reference).first()
        if existing is None:
            raise
        raise _duplicate(existing) from None
    return violation


def _duplicate(existing: PolicyViolation) -> Conflict:
    return Conflict(
        f"A violation with this reference is already recorded (id {existing.pk}).",
        [FieldError("reference", "duplicate", "already recorded for this seller")],
        extra={"existing_id": existing.pk},
    )


def violation_resolve(
    *,
    actor: User | None,
    violation: PolicyViolation,
    resolved_at: datetime | None = None,
    rule: str = "violations_import",
    now: datetime | None = None,
) -> PolicyViolation:
    """Mark a violation resolved; it then costs a fading share until it ages out."""
    now = now or timezone.now()
    _require_operator(actor)
    resolved_at = resolved_at or now
    errors: list[FieldError] = []
    _check_time("resolved_at", resolved_at, now, errors)
    if not errors and resolved_at < violation.detected_at:
        errors.append(
            FieldError("resolved_at", "before_detected", "resolved_at is before detected_at")
        )
    if errors:
        raise ValidationFailed("The resolution is invalid.", errors)
    with transaction.atomic():
        locked = PolicyViolation.objects.select_for_update().get(pk=violation.pk)
        if locked.resolved_at is not None:
            raise Conflict(
                "This violation is already resolved.",
                extra={"resolved_at": locked.resolved_at.isoformat()},
            )
        locked.resolved_at = resolved_at
        locked.save(update_fields=["resolved_at"])
        audit_record(
            actor=actor,
            rule=None if actor else rule,
            action="health.violation_resolved",
            obj=locked,
            before={"resolved_at": None},
            after={"resolved_at": resolved_at},
            at=now,
        )
    return locked


# --- evaluation -----------------------------------------------------------------------------


@dataclass
class EvaluationSummary:
    as_of: date
    sellers: int = 0
    causes_opened: list[str] = field(default_factory=list)
    alerts: int = 0
    unknown_sellers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    conf: HealthSettings
    config: scoring.ScoreConfig
    rules: dict[str, EnforcementRule]
    history_size: int
    engine: str
    now: datetime


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def health_evaluate(
    *,
    as_of: date,
    seller_codes: list[str] | None = None,
    engine: str = "duckdb",
    now: datetime | None = None,
) -> EvaluationSummary:
    """Compute the metrics for ``as_of`` with the data plane's ``engine``, then score,
    snapshot, enforce and alert for each seller (all sellers, or ``seller_codes``)."""
    values = inputs.compute_metrics(as_of=as_of, seller_codes=seller_codes, engine=engine)
    return health_record(
        as_of=as_of, metric_values=values, seller_codes=seller_codes, engine=engine, now=now
    )


def health_record(
    *,
    as_of: date,
    metric_values: Iterable,
    seller_codes: list[str] | None = None,
    engine: str = "",
    now: datetime | None = None,
) -> EvaluationSummary:
    """Everything after the metrics: the same as ``health_evaluate`` with the MetricValues
    given (tests, imports of metrics computed elsewhere)."""
    now = now or timezone.now()
    conf = HealthSettings.current()
    rules = {r.code: r for r in EnforcementRule.objects.filter(active=True)}
    longest = max((r.consecutive for r in rules.values()), default=1)
    context = _Context(
        conf=conf,
        config=conf.score_config(),
        rules=rules,
        history_size=max(longest, conf.forecast_points),
        engine=engine,
        now=now,
    )
    by_code: dict[str, list] = defaultdict(list)
    for value in metric_values:
        by_code[value.seller_code.strip().upper()].append(value)
    sellers = Seller.objects.order_by("pk")
    if seller_codes is not None:
        sellers = sellers.filter(code__in=[c.strip().upper() for c in seller_codes])
    summary = EvaluationSummary(as_of=as_of)
    seen: set[str] = set()
    for pk, code in sellers.values_list("pk", "code").iterator(chunk_size=2000):
        seen.add(code)
        opened, queued = _evaluate_seller(pk, as_of, by_code.get(code, []), context)
        summary.sellers += 1
        summary.causes_opened += opened
        summary.alerts += queued
    summary.unknown_sellers = sorted(set(by_code) - seen)
    if summary.unknown_sellers:
        log.warning("metrics for unknown sellers ignored: %s", summary.unknown_sellers[:20])
    return summary


def _violation_inputs(seller: Seller, as_of: date, window_days: int):
    start = _day_start(as_of - timedelta(days=window_days - 1))
    rows = PolicyViolation.objects.filter(
        seller=seller, detected_at__gte=start, detected_at__lt=_day_start(as_of + timedelta(1))
    ).select_related("site")
    return [
        (
            row,
            scoring.ViolationInput(
                id=row.pk,
                marketplace=row.site.code,
                kind=row.kind,
                severity=row.severity,
                detected_on=row.detected_at.astimezone(UTC).date(),
                resolved_on=row.resolved_at.astimezone(UTC).date() if row.resolved_at else None,
            ),
        )
        for row in rows
    ]


def _violation_counts(items, as_of: date) -> dict:
    counts: dict[str, dict[str, int]] = {}
    for _row, v in items:
        entry = counts.setdefault(v.kind, {"open": 0, "resolved": 0})
        resolved = v.resolved_on is not None and v.resolved_on <= as_of
        entry["resolved" if resolved else "open"] += 1
    return counts


def _forecasts(values, previous: list[HealthSnapshot], as_of: date, conf) -> list[dict]:
    past: dict[tuple[str, str], list] = defaultdict(list)
    for snap in previous:
        for row in snap.metrics:
            past[(row["marketplace"], row["metric"])].append((snap.as_of, row["rate"]))
    out = []
    for value in values:
        points = [*past.get((value.marketplace, value.metric), []), (as_of, value.rate)]
        found = forecast.forecast_crossing(
            points,
            metric=value.metric,
            marketplace=value.marketplace,
            target=value.target,
            target_condition=value.target_condition,
            as_of=as_of,
            horizon_days=conf.forecast_horizon_days,
            last_n=conf.forecast_points,
            min_points=conf.forecast_min_points,
        )
        if found is not None:
            out.append(found.as_dict())
    return out


def _evaluate_seller(pk: int, as_of: date, values: list, ctx: _Context) -> tuple[list[str], int]:
    now = ctx.now
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=pk)
        violations = _violation_inputs(seller, as_of, ctx.config.violation_window_days)
        result = scoring.score(
            metrics=values, violations=[v for _, v in violations], as_of=as_of, config=ctx.config
        )
        previous = list(
            HealthSnapshot.objects.filter(seller=seller, as_of__lt=as_of).order_by("-as_of")[
                : ctx.history_size
            ]
        )[::-1]
        metrics = [
            inputs.metric_json(v, beyond=scoring.is_beyond(v.rate, v.target, v.target_condition))
            for v in sorted(values, key=lambda v: (v.marketplace, v.metric))
        ]
        snapshot, _ = HealthSnapshot.objects.update_or_create(
            seller=seller,
            as_of=as_of,
            defaults={
                "score": result.score,
                "band": result.band,
                "metrics": metrics,
                "deductions": [d.as_dict() for d in result.deductions],
                "violations": _violation_counts(violations, as_of),
                "forecasts": _forecasts(values, previous, as_of, ctx.conf),
                "engine": ctx.engine,
                "computed_at": now,
            },
        )
        last = previous[-1] if previous else None
        if last is None or last.band != result.band:
            audit_record(
                actor=None,
                rule="health_evaluation",
                action="health.band_changed",
                obj=seller,
                before={"band": last.band if last else None, "score": last.score if last else None},
                after={"band": result.band, "score": result.score, "as_of": as_of},
                at=now,
            )
        opened = _enforce(seller, snapshot, previous, violations, ctx)
        causes.seller_status_sync(
            seller=seller, band=result.band, rule="health_evaluation", now=now
        )
        queued = alerts.evaluation_alerts(seller=seller, snapshot=snapshot, previous=last, now=now)
    return opened, queued


def _beyond(metrics: list[dict]) -> frozenset[tuple[str, str]]:
    return frozenset((m["marketplace"], m["metric"]) for m in metrics if m.get("beyond"))


def _enforce(seller, snapshot, previous, violations, ctx: _Context) -> list[str]:
    history = [enforcement.Evaluation(p.computed_at, p.score, _beyond(p.metrics)) for p in previous]
    history.append(enforcement.Evaluation(ctx.now, snapshot.score, _beyond(snapshot.metrics)))
    open_now = [
        enforcement.OpenViolation(row.pk, v.marketplace, v.kind, v.severity, row.detected_at)
        for row, v in violations
        if v.resolved_on is None or v.resolved_on > snapshot.as_of
    ]
    lifted = {
        (row["rule_code"], row["marketplace"]): row["last"]
        for row in AccountCause.objects.filter(seller=seller, lifted_at__isnull=False)
        .values("rule_code", "marketplace")
        .annotate(last=Max("lifted_at"))
    }
    rules = [r.as_rule() for r in ctx.rules.values()]
    opened = []
    for trigger in enforcement.triggered(rules, history, open_now, lifted):
        cause = causes.cause_open(
            seller=seller,
            rule=ctx.rules[trigger.rule],
            trigger=trigger,
            snapshot=snapshot,
            now=ctx.now,
        )
        if cause is not None:
            opened.append(f"{seller.code}:{trigger.rule}:{trigger.marketplace or '*'}")
    return opened
