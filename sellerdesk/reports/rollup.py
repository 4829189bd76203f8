"""Keeping the rollups current: the worker's refresh reads the cases that changed since the
last one (the audit log is the change feed: every change to a case is audited), rewrites
their fact rows, and applies to the rollup rows what their new facts add less what their old
ones added (the same aggregates as the rebuild's, over just those cases; ``deltas.py`` writes
the difference), so its cost grows with the cases changed, not with the cases opened on the
days they touch. ``rollup_rebuild`` recounts everything (nightly, and after a
bulk load). See ADR 0012."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent

from .deltas import BUCKET_KEY, DAY_KEY, Deltas
from .facts import all_facts, facts_for
from .models import CaseDay, CaseFact, DurationBucket, RollupState

DIMS = DAY_KEY[1:]
CHUNK = 2000


def _conf(name: str) -> int:
    return int(settings.SELLERDESK[name])


def _state() -> RollupState:
    state, _ = RollupState.objects.select_for_update().get_or_create(pk=1)
    return state


# Each rollup column group: the fact's day it counts on, and the aggregates it keeps.
def _aggregates() -> list[tuple[str, dict]]:
    ratings = {f"rating_{k}": Count("case_id", filter=Q(rating=k)) for k in range(1, 6)}
    return [
        (
            "created_day",
            {
                "opened": Count("case_id"),
                "first_responses": Count("first_response_seconds"),
                "first_response_seconds": Sum("first_response_seconds"),
                "first_response_judged": Count("first_response_within"),
                "first_response_within": Count("case_id", filter=Q(first_response_within=True)),
            },
        ),
        ("finished_day", {"finished": Count("case_id")}),
        (
            "resolved_day",
            {
                "resolved": Count("case_id"),
                "resolution_seconds": Sum("resolution_seconds"),
                "surveyed": Count("case_id", filter=Q(surveyed=True)),
                "rated": Count("rating"),
                "rating_sum": Sum("rating"),
                **ratings,
            },
        ),
        ("first_response_breach_day", {"first_response_breaches": Count("case_id")}),
        ("next_response_breach_day", {"next_response_breaches": Count("case_id")}),
        ("resolution_breach_day", {"resolution_breaches": Count("case_id")}),
        ("escalated_day", {"escalations": Count("case_id")}),
    ]


HISTOGRAMS = (
    (DurationBucket.Measure.FIRST_RESPONSE, "created_day", "first_response_bucket"),
    (DurationBucket.Measure.RESOLUTION, "resolved_day", "resolution_bucket"),
)


def day_sums(facts) -> dict[tuple, dict[str, int]]:
    """What the fact rows ``facts`` (a queryset) add to each day row: {(day, site, team,
    case type, tier): {column: sum}}, from ``_aggregates``."""
    out: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for field, aggregates in _aggregates():
        qs = (
            facts.filter(**{f"{field}__isnull": False})
            .values(field, *DIMS)
            .order_by()
            .annotate(**aggregates)
        )
        for values in qs.iterator(chunk_size=CHUNK):
            row = out[(values[field], *(values[d] for d in DIMS))]
            for name in aggregates:
                row[name] += values[name] or 0
    return out


def bucket_counts(facts) -> Iterator[tuple[tuple, int]]:
    """((measure, day, site, team, case type, tier, bucket), count) of the fact rows
    ``facts`` (a queryset), one duration bucket at a time."""
    for measure, day_field, bucket_field in HISTOGRAMS:
        qs = (
            facts.filter(**{f"{day_field}__isnull": False, f"{bucket_field}__isnull": False})
            .values(day_field, *DIMS, bucket_field)
            .order_by()
            .annotate(n=Count("case_id"))
        )
        for values in qs.iterator(chunk_size=CHUNK):
            key = (measure, values[day_field], *(values[d] for d in DIMS), values[bucket_field])
            yield key, values["n"]


def _recount() -> tuple[int, int]:
    """Rewrite every rollup row from the fact rows; returns the numbers of day rows and
    bucket rows written."""
    CaseDay.objects.all().delete()
    DurationBucket.objects.all().delete()
    sums = day_sums(CaseFact.objects.all())
    CaseDay.objects.bulk_create(
        (CaseDay(**dict(zip(DAY_KEY, key, strict=True)), **row) for key, row in sums.items()),
        batch_size=CHUNK,
    )
    # Written a chunk at a time: there are about 1.5 bucket rows per case (1.55 million at a
    # million cases), too many to hold as model instances at once.
    buckets = 0
    batch: list[DurationBucket] = []
    for key, n in bucket_counts(CaseFact.objects.all()):
        batch.append(DurationBucket(**dict(zip(BUCKET_KEY, key, strict=True)), count=n))
        if len(batch) >= CHUNK:
            DurationBucket.objects.bulk_create(batch)
            buckets += len(batch)
            batch = []
    DurationBucket.objects.bulk_create(batch)
    return len(sums), buckets + len(batch)


def _rewrite_facts(ids: list[int]) -> tuple[Deltas, int]:
    """Replace the fact rows of the cases ``ids``; what that changes in the rollups (their new
    rows' sums less their old rows'), and by how many the number of fact rows changed."""
    deltas = Deltas()
    grown = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        rows = CaseFact.objects.filter(case_id__in=chunk)
        deltas.add(day_sums(rows), bucket_counts(rows), sign=-1)
        grown -= rows.delete()[0]
        new = list(facts_for(chunk))
        CaseFact.objects.bulk_create(new, batch_size=CHUNK)
        grown += len(new)
        deltas.add(day_sums(rows), bucket_counts(rows), sign=1)
    return deltas, grown


def changed_cases(since: datetime) -> list[int]:
    """The cases with an audited change at or after ``since``."""
    return sorted(
        set(
            AuditEvent.objects.filter(created_at__gte=since, case__isnull=False)
            .values_list("case_id", flat=True)
            .order_by()
        )
    )


@transaction.atomic
def rollup_refresh(*, now: datetime | None = None) -> dict:
    """Bring the rollups up to date with the cases changed since the last refresh (less
    ``REPORTS_OVERLAP_SECONDS``, so a change whose transaction committed late is still
    read). The first refresh rebuilds everything."""
    now = now or timezone.now()
    state = _state()
    if state.changes_through is None:
        return _rebuild(state, now)
    since = state.changes_through - timedelta(seconds=_conf("REPORTS_OVERLAP_SECONDS"))
    ids = changed_cases(since)
    deltas, grown = _rewrite_facts(ids)
    days, day_rows, bucket_rows = deltas.apply()
    state.changes_through = now
    state.refreshed_at = now
    state.facts += grown
    state.save()
    return {"cases": len(ids), "days": days, "day_rows": day_rows, "bucket_rows": bucket_rows}


@transaction.atomic
def rollup_rebuild(*, now: datetime | None = None) -> dict:
    """Recount every fact and rollup row from the cases."""
    return _rebuild(_state(), now or timezone.now())


def _rebuild(state: RollupState, now: datetime) -> dict:
    CaseFact.objects.all().delete()
    batch: list[CaseFact] = []
    facts = 0
    for fact in all_facts(CHUNK):
        batch.append(fact)
        if len(batch) >= CHUNK:
            CaseFact.objects.bulk_create(batch)
            facts += len(batch)
            batch = []
    CaseFact.objects.bulk_create(batch)
    facts += len(batch)
    day_rows, bucket_rows = _recount()
    state.changes_through = state.refreshed_at = state.rebuilt_at = now
    state.facts = facts
    state.save()
    return {"cases": facts, "days": None, "day_rows": day_rows, "bucket_rows": bucket_rows}


def freshness() -> RollupState:
    """How far the rollups have read (an unsaved empty state before the first refresh)."""
    return RollupState.objects.filter(pk=1).first() or RollupState(pk=1)
