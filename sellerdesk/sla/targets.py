"""Reads of the SLA configuration a case is governed by: its targets (policy rows, else the
desk defaults), its business calendar (the most specific one) and its priority. No case
model here: the case app applies these (``cases/deadlines.py``, ``cases/sweep.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from . import engine
from .models import BusinessCalendar, SlaPolicy, SlaSettings
from .priority import PriorityRule, earns_health_bonus, priority_label, target_percent


def targets_for(case_type_id: int, tier: str, settings: SlaSettings) -> engine.Targets:
    policies = {p.tier: p for p in SlaPolicy.objects.filter(case_type_id=case_type_id)}
    return targets_from(policies, tier, settings)


def _policy_targets(policy: SlaPolicy) -> engine.Targets:
    return engine.Targets(
        timedelta(minutes=policy.first_response_minutes),
        timedelta(minutes=policy.next_response_minutes),
        timedelta(minutes=policy.resolution_minutes),
    )


def targets_from(
    policies: dict[str, SlaPolicy], tier: str, settings: SlaSettings
) -> engine.Targets:
    """The targets for ``tier`` from the case type's policy rows (by tier)."""
    policy = policies.get(tier)
    if policy is not None:
        return _policy_targets(policy)
    standard = policies.get("standard")
    base = (
        _policy_targets(standard)
        if standard
        else engine.Targets(
            timedelta(minutes=settings.default_first_response_minutes),
            timedelta(minutes=settings.default_next_response_minutes),
            timedelta(minutes=settings.default_resolution_minutes),
        )
    )
    return base.scaled(settings.premium_target_percent) if tier == "premium" else base


def calendar_row_for(team_id: int, site_id: int) -> BusinessCalendar | None:
    """The most specific calendar: team on site, then team, then site; None is 24×7."""
    rows = {
        (row.team_id, row.site_id): row
        for row in BusinessCalendar.objects.filter(
            Q(team_id=team_id, site_id=site_id)
            | Q(team_id=team_id, site__isnull=True)
            | Q(team__isnull=True, site_id=site_id)
        )
    }
    return most_specific(rows, team_id, site_id)


def most_specific(rows: dict, team_id: int, site_id: int) -> BusinessCalendar | None:
    """Of ``rows`` keyed by (team_id, site_id), the calendar that governs a team on a site."""
    for key in ((team_id, site_id), (team_id, None), (None, site_id)):
        if key in rows:
            return rows[key]
    return None


def priority_for(
    *, tier: str, health_score: int | None, recent_disputes: int | None, settings: SlaSettings
) -> tuple[str, int]:
    """(priority label, percent of the targets) for a seller's new case: premium and sellers
    with high account health and few disputes are handled faster (``sla/priority.py``)."""
    rule = PriorityRule(
        settings.high_health_score,
        settings.high_health_max_disputes,
        settings.high_health_target_percent,
    )
    bonus = earns_health_bonus(rule, health_score, recent_disputes)
    return priority_label(tier, bonus), target_percent(rule, health_score, recent_disputes)
