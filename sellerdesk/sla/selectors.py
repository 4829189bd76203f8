"""Reads of SLA targets for display (case-type pickers, forms, the API's case types)."""

from __future__ import annotations

import math
from collections import defaultdict

from .engine import Targets
from .models import SlaPolicy, SlaSettings
from .targets import targets_from


def targets_by_type(case_type_ids: list[int], tier: str) -> dict[int, Targets]:
    """Each case type's targets for ``tier`` in one query (policy rows, else the desk defaults)."""
    settings = SlaSettings.current()
    rows: dict[int, dict[str, SlaPolicy]] = defaultdict(dict)
    for policy in SlaPolicy.objects.filter(case_type_id__in=case_type_ids):
        rows[policy.case_type_id][policy.tier] = policy
    return {pk: targets_from(rows[pk], tier, settings) for pk in case_type_ids}


def first_response_hours_by_code(case_types, tier: str) -> dict[str, int]:
    """Whole hours, rounded up: a promise shown to sellers must not be shorter than the target
    (and translations pluralise on integers)."""
    case_types = list(case_types)
    targets = targets_by_type([ct.pk for ct in case_types], tier)
    return {
        ct.code: math.ceil(targets[ct.pk].first_response.total_seconds() / 3600)
        for ct in case_types
    }
