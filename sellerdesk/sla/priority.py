"""Priority (pure): which sellers get earlier targets.

The seed: sellers with premium support get faster handling (premium has its own, shorter SLA
policy rows, half the standard targets by default), and so do sellers with high account
health, few disputes and complete material. ``target_percent`` says how much of the policy's
targets a case gets; ``priority_label`` is what the queues show.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PriorityRule:
    high_health_score: int = 800
    high_health_max_disputes: int = 0
    high_health_target_percent: int = 80


def earns_health_bonus(
    rule: PriorityRule, health_score: int | None, recent_disputes: int | None
) -> bool:
    """Unknown health or disputes (no order data yet) earn no bonus."""
    if health_score is None or recent_disputes is None:
        return False
    return (
        health_score >= rule.high_health_score and recent_disputes <= rule.high_health_max_disputes
    )


def target_percent(
    rule: PriorityRule, health_score: int | None, recent_disputes: int | None
) -> int:
    return (
        rule.high_health_target_percent
        if earns_health_bonus(rule, health_score, recent_disputes)
        else 100
    )


def priority_label(tier: str, health_bonus: bool) -> str:
    if tier == "premium":
        return "high"
    return "high" if health_bonus else "normal"
