"""Figures about appeals for the reports: how long sellers take to appeal, how long the
reviewers take to decide, and how often appeals are accepted by kind of cause and by how many
versions it took. Each function is one query whatever the number of appeals (the rows come
back as plain values and are summed up here); the reports shape them.

The range is of days, both ends included, in the site's time zone (``TIME_ZONE``): an appeal
counts on the day it was opened (time to appeal) or decided (decision time, acceptance).
``seller`` (a seller code) and ``site`` (a marketplace code: the review case's site, or the
cause's marketplace before there is a case) narrow it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Appeal, AppealDecision

FINAL = (AppealDecision.Outcome.ACCEPT, AppealDecision.Outcome.REJECT)


@dataclass(frozen=True)
class Range:
    date_from: date
    date_to: date
    seller: str | None = None
    site: str | None = None

    def bounds(self) -> tuple[datetime, datetime]:
        start = timezone.make_aware(datetime.combine(self.date_from, time.min))
        end = timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))
        return start, end


def _narrowed(qs: QuerySet, r: Range, prefix: str = "") -> QuerySet:
    if r.seller:
        qs = qs.filter(**{f"{prefix}seller__code": r.seller.strip().upper()})
    if r.site:
        site = r.site.strip().upper()
        qs = qs.filter(
            Q(**{f"{prefix}case__site__code": site})
            | Q(**{f"{prefix}case__isnull": True, f"{prefix}cause__marketplace": site})
        )
    return qs


def _hours(pairs: Iterable[tuple[datetime | None, datetime | None]]) -> dict:
    hours = [(end - start).total_seconds() / 3600 for start, end in pairs if start and end]
    return {
        "count": len(hours),
        "median_hours": round(statistics.median(hours), 2) if hours else None,
        "mean_hours": round(statistics.fmean(hours), 2) if hours else None,
    }


def _final_decisions(r: Range) -> list[tuple]:
    """(versions at decision, accepted, cause kinds, submitted at, decided at) of each appeal
    decided in the range."""
    start, end = r.bounds()
    qs = AppealDecision.objects.filter(outcome__in=FINAL, decided_at__gte=start, decided_at__lt=end)
    rows = _narrowed(qs, r, "appeal__").values_list(
        "version__number", "outcome", "appeal__cause_kinds", "appeal__submitted_at", "decided_at"
    )
    return [
        (number, outcome == AppealDecision.Outcome.ACCEPT, kinds or [], submitted, decided)
        for number, outcome, kinds, submitted, decided in rows
    ]


def time_to_appeal(r: Range) -> list[dict]:
    """Hours from the cause (``since``) to the appeal, for the appeals opened in the range."""
    start, end = r.bounds()
    qs = _narrowed(Appeal.objects.filter(created_at__gte=start, created_at__lt=end), r)
    return [_hours(qs.values_list("cause__since", "created_at"))]


def time_to_decision(r: Range) -> list[dict]:
    """Hours from reaching the reviewers to the accept or reject, for the appeals decided in
    the range."""
    return [_hours((submitted, decided) for *_x, submitted, decided in _final_decisions(r))]


def _rates(groups: dict) -> list[dict]:
    return [
        {
            "decided": len(outcomes),
            "accepted": sum(outcomes),
            "rate": round(sum(outcomes) / len(outcomes), 4),
        }
        for outcomes in groups.values()
    ]


def acceptance_by_cause_kind(r: Range) -> list[dict]:
    """Share of the appeals decided in the range that were accepted, per kind of cause (an
    appeal against a cause of several kinds counts under each)."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for _number, accepted, kinds, *_times in _final_decisions(r):
        for kind in kinds:
            groups[kind].append(accepted)
    ordered = dict(sorted(groups.items()))
    return [{"cause_kind": k, **row} for k, row in zip(ordered, _rates(ordered), strict=True)]


def acceptance_by_versions(r: Range) -> list[dict]:
    """Share of the appeals decided in the range that were accepted, by the number of the
    version decided on (1: the first plan of action)."""
    groups: dict[int, list[bool]] = defaultdict(list)
    for number, accepted, *_rest in _final_decisions(r):
        groups[number].append(accepted)
    ordered = dict(sorted(groups.items()))
    return [{"versions": n, **row} for n, row in zip(ordered, _rates(ordered), strict=True)]
