"""Which enforcement rules fire (pure). The rules are operator data (``EnforcementRule``); this
module only reads their plain form and the recent evaluations, so each boundary - a score of
399 against 400, two bad evaluations against three - is tested without a database.

A rule counts only evaluations made after it was last lifted for the same seller and
marketplace: when an operator lifts a restriction, the seller gets a fresh run of N
evaluations before the same rule can restrict again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

SCORE_BELOW = "score_below"
METRIC_BEYOND_TARGET = "metric_beyond_target"
VIOLATION_OPEN = "violation_open"
TRIGGERS = (SCORE_BELOW, METRIC_BEYOND_TARGET, VIOLATION_OPEN)

REVIEW, RESTRICT, DEACTIVATE = "review", "restrict", "deactivate"
ACTIONS = (REVIEW, RESTRICT, DEACTIVATE)
# The kind of account cause each action leaves, and how much each weighs in the status.
CAUSE_KIND = {REVIEW: "review", RESTRICT: "restriction", DEACTIVATE: "deactivation"}

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
ACCOUNT_WIDE = ""  # the marketplace of a cause that covers the whole account


@dataclass(frozen=True)
class Rule:
    code: str
    trigger: str
    action: str
    consecutive: int = 1
    threshold: int | None = None
    metric: str = ""
    min_severity: str = ""
    violation_kind: str = ""


@dataclass(frozen=True)
class Evaluation:
    """One daily evaluation as enforcement sees it."""

    evaluated_at: datetime
    score: int
    beyond: frozenset[tuple[str, str]]  # (marketplace, metric) pairs beyond their target


@dataclass(frozen=True)
class OpenViolation:
    id: int
    marketplace: str
    kind: str
    severity: str
    detected_at: datetime


@dataclass(frozen=True)
class Trigger:
    rule: str
    action: str
    marketplace: str
    detail: dict = field(default_factory=dict)


def _since(history: Sequence[Evaluation], lifted_at: datetime | None) -> list[Evaluation]:
    if lifted_at is None:
        return list(history)
    return [e for e in history if e.evaluated_at > lifted_at]


def _streak(history: Sequence[Evaluation], bad) -> int:
    """How many of the most recent evaluations in a row are bad."""
    count = 0
    for evaluation in reversed(history):
        if not bad(evaluation):
            break
        count += 1
    return count


def _score_below(rule: Rule, history, lifted) -> list[Trigger]:
    if rule.threshold is None:
        return []
    runs = _since(history, lifted.get((rule.code, ACCOUNT_WIDE)))
    streak = _streak(runs, lambda e: e.score < rule.threshold)
    if streak < max(1, rule.consecutive):
        return []
    detail = {"score": runs[-1].score, "threshold": rule.threshold, "consecutive": streak}
    return [Trigger(rule.code, rule.action, ACCOUNT_WIDE, detail)]


def _metric_beyond(rule: Rule, history, lifted) -> list[Trigger]:
    if not rule.metric or not history:
        return []
    fired = []
    marketplaces = sorted({mp for mp, metric in history[-1].beyond if metric == rule.metric})
    for marketplace in marketplaces:
        runs = _since(history, lifted.get((rule.code, marketplace)))
        key = (marketplace, rule.metric)
        streak = _streak(runs, lambda e, key=key: key in e.beyond)
        if streak >= max(1, rule.consecutive):
            detail = {"metric": rule.metric, "consecutive": streak}
            fired.append(Trigger(rule.code, rule.action, marketplace, detail))
    return fired


def _violation_open(rule: Rule, violations, lifted) -> list[Trigger]:
    floor = SEVERITY_RANK.get(rule.min_severity or "low", 1)
    lifted_at = lifted.get((rule.code, ACCOUNT_WIDE))
    matching = [
        v
        for v in violations
        if SEVERITY_RANK.get(v.severity, 0) >= floor
        and (not rule.violation_kind or v.kind == rule.violation_kind)
        and (lifted_at is None or v.detected_at > lifted_at)
    ]
    if not matching:
        return []
    detail = {"violation_ids": sorted(v.id for v in matching)}
    return [Trigger(rule.code, rule.action, ACCOUNT_WIDE, detail)]


def triggered(
    rules: Iterable[Rule],
    history: Sequence[Evaluation],
    open_violations: Iterable[OpenViolation] = (),
    lifted: Mapping[tuple[str, str], datetime] | None = None,
) -> list[Trigger]:
    """The rules that fire now. ``history`` is oldest first and ends with the evaluation just
    made; ``lifted`` maps (rule code, marketplace) to when an operator last lifted its cause."""
    lifted = lifted or {}
    violations = list(open_violations)
    fired: list[Trigger] = []
    for rule in rules:
        if rule.trigger == SCORE_BELOW:
            fired += _score_below(rule, history, lifted)
        elif rule.trigger == METRIC_BEYOND_TARGET:
            fired += _metric_beyond(rule, history, lifted)
        elif rule.trigger == VIOLATION_OPEN:
            fired += _violation_open(rule, violations, lifted)
    return fired


def account_status(active_cause_kinds: Iterable[str], band: str | None) -> str:
    """The seller's status from its active causes and its band: deactivation outweighs a
    restriction, which outweighs a review; without causes a band below healthy is "at risk"."""
    kinds = set(active_cause_kinds)
    if "deactivation" in kinds:
        return "deactivated"
    if "restriction" in kinds:
        return "restricted"
    if "review" in kinds:
        return "under_review"
    if band in ("at_risk", "critical"):
        return "at_risk"
    return "normal"
