"""The writers of account health: the daily evaluation that turns the order data plane's
metrics into a score, a snapshot, enforcement and alerts (policy violations are written by
violations.py, re-exported here).

``health_evaluate`` is what ``sellerdesk health compute`` and the daily task call. Each seller
is evaluated in its own transaction with its row locked, so two evaluations of one seller run
one after the other and a failure leaves the others' results in place. A snapshot is the
record of the computation itself; the audit trail gets the changes it causes (band changes,
causes opened, status changes), each attributed to the system and the rule.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sellerdesk.accounts.models import Seller
from sellerdesk.audit.services import audit_record
from sellerdesk.orders import targets

from . import alerts, causes, enforcement, forecast, inputs, scoring
from .models import AccountCause, EnforcementRule, HealthSettings, HealthSnapshot, PolicyViolation
from .violations import violation_create, violation_resolve  # noqa: F401 (the app's writers)

log = logging.getLogger(__name__)
CHUNK = 500  # sellers whose rare inputs (violations, lifts) are read in one query


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
    table = inputs.compute_metrics(as_of=as_of, seller_codes=seller_codes, engine=engine)
    return health_record(
        as_of=as_of, metric_values=table, seller_codes=seller_codes, engine=engine, now=now
    )


def health_record(
    *,
    as_of: date,
    metric_values: Iterable,
    seller_codes: list[str] | None = None,
    engine: str = "",
    now: datetime | None = None,
) -> EvaluationSummary:
    """Everything after the metrics: the same as ``health_evaluate`` with the metrics given,
    a ``MetricTable`` or any iterable of MetricValues (tests, metrics computed elsewhere).
    Each seller's MetricValues are made when that seller is evaluated."""
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
    metrics = inputs.by_seller(metric_values)
    # The seller's disputes, counted on the metrics' scan (None: unknown, metrics given by hand).
    disputes_of = getattr(metrics, "disputes", None)
    sellers = Seller.objects.order_by("pk")
    if seller_codes is not None:
        sellers = sellers.filter(code__in=[c.strip().upper() for c in seller_codes])
    summary = EvaluationSummary(as_of=as_of)
    seen: set[str] = set()
    # Read the ids first: each seller's transaction writes to the seller table, which an open
    # cursor over it must not see change (SQLite gives no isolation within one connection).
    rows = list(sellers.values_list("pk", "code"))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        pre = _prefetch([pk for pk, _ in chunk], as_of, context.config.violation_window_days)
        for pk, code in chunk:
            seen.add(code)
            values = metrics.for_seller(code)
            disputes = disputes_of(code) if disputes_of else None
            opened, queued = _evaluate_seller(pk, as_of, values, disputes, context, pre)
            summary.sellers += 1
            summary.causes_opened += opened
            summary.alerts += queued
    summary.unknown_sellers = sorted(set(metrics.seller_codes()) - seen)
    if summary.unknown_sellers:
        log.warning("metrics for unknown sellers ignored: %s", summary.unknown_sellers[:20])
    return summary


@dataclass(frozen=True)
class _Prefetch:
    """What a chunk of sellers needs that is rarely there: the violations in the window and
    when each rule was last lifted. One query each per chunk instead of per seller."""

    violations: dict[int, list]
    lifted: dict[int, dict[tuple[str, str], datetime]]


def _violation_input(row: PolicyViolation) -> scoring.ViolationInput:
    return scoring.ViolationInput(
        id=row.pk,
        marketplace=row.site.code,
        kind=row.kind,
        severity=row.severity,
        detected_on=row.detected_at.astimezone(UTC).date(),
        resolved_on=row.resolved_at.astimezone(UTC).date() if row.resolved_at else None,
    )


def _lifted_rows(qs) -> dict[int, dict[tuple[str, str], datetime]]:
    out: dict[int, dict[tuple[str, str], datetime]] = defaultdict(dict)
    for row in (
        qs.filter(lifted_at__isnull=False)
        .values("seller_id", "rule_code", "marketplace")
        .annotate(last=Max("lifted_at"))
    ):
        out[row["seller_id"]][(row["rule_code"], row["marketplace"])] = row["last"]
    return out


def _prefetch(pks: list[int], as_of: date, window_days: int) -> _Prefetch:
    start = _day_start(as_of - timedelta(days=window_days - 1))
    violations: dict[int, list] = defaultdict(list)
    for row in PolicyViolation.objects.filter(
        seller_id__in=pks,
        detected_at__gte=start,
        detected_at__lt=_day_start(as_of + timedelta(1)),
    ).select_related("site"):
        violations[row.seller_id].append((row, _violation_input(row)))
    return _Prefetch(violations, _lifted_rows(AccountCause.objects.filter(seller_id__in=pks)))


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
            beyond=targets.is_beyond(value),
        )
        if found is not None:
            out.append(found.as_dict())
    return out


def _evaluate_seller(
    pk: int, as_of: date, values: list, disputes: int | None, ctx: _Context, pre: _Prefetch
) -> tuple[list[str], int]:
    now = ctx.now
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=pk)
        # A violation reported since the prefetch counts from the next evaluation.
        violations = pre.violations.get(pk, [])
        result = scoring.score(
            metrics=values, violations=[v for _, v in violations], as_of=as_of, config=ctx.config
        )
        previous = list(
            HealthSnapshot.objects.filter(seller=seller, as_of__lt=as_of)
            .only("as_of", "score", "band", "metrics", "computed_at")
            .order_by("-as_of")[: ctx.history_size]
        )[::-1]
        metrics = [
            inputs.metric_json(v, beyond=targets.is_beyond(v))
            for v in sorted(values, key=lambda v: (v.marketplace, v.metric))
        ]
        fields = {
            "score": result.score,
            "band": result.band,
            "metrics": metrics,
            "deductions": [d.as_dict() for d in result.deductions],
            "violations": _violation_counts(violations, as_of),
            "forecasts": _forecasts(values, previous, as_of, ctx.conf),
            "engine": ctx.engine,
            "computed_at": now,
        }
        # The seller's lock serialises evaluations of this seller, so "update, else insert"
        # needs no savepoint (update_or_create's costs a third of the evaluation on SQLite).
        snapshot = HealthSnapshot(seller=seller, as_of=as_of, **fields)
        if not HealthSnapshot.objects.filter(seller=seller, as_of=as_of).update(**fields):
            snapshot.save(force_insert=True)
        _keep_latest_on_seller(seller, as_of, result, disputes)
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
        opened = _enforce(seller, snapshot, previous, violations, ctx, pre.lifted.get(pk, {}))
        causes.seller_status_sync(
            seller=seller, band=result.band, rule="health_evaluation", now=now, locked=True
        )
        queued = alerts.evaluation_alerts(seller=seller, snapshot=snapshot, previous=last, now=now)
    return opened, queued


def _keep_latest_on_seller(seller: Seller, as_of: date, result, disputes: int | None) -> None:
    """The latest evaluation on the seller row, which case priority reads when a case is
    opened (cases/opening.py). Re-evaluating a past day leaves a later evaluation in place."""
    if seller.health_as_of is not None and seller.health_as_of > as_of:
        return
    seller.health_score, seller.health_band = result.score, result.band
    seller.health_disputes, seller.health_as_of = disputes, as_of
    seller.save(update_fields=["health_score", "health_band", "health_disputes", "health_as_of"])


def _beyond(metrics: list[dict]) -> frozenset[tuple[str, str]]:
    return frozenset((m["marketplace"], m["metric"]) for m in metrics if m.get("beyond"))


def _enforce(seller, snapshot, previous, violations, ctx: _Context, lifted) -> list[str]:
    history = [enforcement.Evaluation(p.computed_at, p.score, _beyond(p.metrics)) for p in previous]
    history.append(enforcement.Evaluation(ctx.now, snapshot.score, _beyond(snapshot.metrics)))
    open_now = [
        enforcement.OpenViolation(row.pk, v.marketplace, v.kind, v.severity, row.detected_at)
        for row, v in violations
        if v.resolved_on is None or v.resolved_on > snapshot.as_of
    ]
    rules = [r.as_rule() for r in ctx.rules.values()]
    triggers = enforcement.triggered(rules, history, open_now, lifted)
    if triggers:
        # Something fires: read the lifts again under the seller's lock, in case an operator
        # lifted a cause since the chunk was prefetched.
        lifted = _lifted_rows(AccountCause.objects.filter(seller=seller)).get(seller.pk, {})
        triggers = enforcement.triggered(rules, history, open_now, lifted)
    opened = []
    for trigger in triggers:
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
