"""What one fact row adds to the rollups, and applying the difference the refresh's changed
cases make: each case's new fact row adds, its old one is taken away. Every rollup column is a
sum or a count, so the rollups after the deltas equal a recount from the facts (the refresh
tests compare them with a rebuild). A case read again with nothing changed adds nothing, so
the refresh's overlap costs only reading it.

The columns mirror ``rollup._aggregates`` (which the rebuild counts in SQL): a column added
there is added here. A day row whose counts all come to zero, or a bucket whose count does, no
longer has a case counting on it and is deleted, as a recount would not write it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import F

from .models import CaseDay, CaseFact, DurationBucket

# The columns counting cases (one per day a fact counts on): a day row with all of them at
# zero has no case left.
COUNTS = (
    "opened",
    "finished",
    "resolved",
    "first_response_breaches",
    "next_response_breaches",
    "resolution_breaches",
    "escalations",
)


def day_contributions(fact: CaseFact) -> Iterator[tuple[tuple, dict[str, int]]]:
    """((day, site, team, case type, tier), {column: what this fact adds}) per day it counts on."""
    dims = (fact.site_id, fact.team_id, fact.case_type_id, fact.tier)
    if fact.created_day is not None:
        yield (
            (fact.created_day, *dims),
            {
                "opened": 1,
                "first_responses": int(fact.first_response_seconds is not None),
                "first_response_seconds": fact.first_response_seconds or 0,
                "first_response_judged": int(fact.first_response_within is not None),
                "first_response_within": int(fact.first_response_within is True),
            },
        )
    if fact.finished_day is not None:
        yield (fact.finished_day, *dims), {"finished": 1}
    if fact.resolved_day is not None:
        rating = fact.rating
        yield (
            (fact.resolved_day, *dims),
            {
                "resolved": 1,
                "resolution_seconds": fact.resolution_seconds or 0,
                "surveyed": int(bool(fact.surveyed)),
                "rated": int(rating is not None),
                "rating_sum": rating or 0,
                **{f"rating_{k}": int(rating == k) for k in range(1, 6)},
            },
        )
    for field, column in (
        ("first_response_breach_day", "first_response_breaches"),
        ("next_response_breach_day", "next_response_breaches"),
        ("resolution_breach_day", "resolution_breaches"),
        ("escalated_day", "escalations"),
    ):
        day = getattr(fact, field)
        if day is not None:
            yield (day, *dims), {column: 1}


def bucket_contributions(fact: CaseFact) -> Iterator[tuple]:
    """(measure, day, site, team, case type, tier, bucket) per duration this fact counts."""
    dims = (fact.site_id, fact.team_id, fact.case_type_id, fact.tier)
    if fact.created_day is not None and fact.first_response_bucket is not None:
        yield (
            DurationBucket.Measure.FIRST_RESPONSE,
            fact.created_day,
            *dims,
            fact.first_response_bucket,
        )
    if fact.resolved_day is not None and fact.resolution_bucket is not None:
        yield (DurationBucket.Measure.RESOLUTION, fact.resolved_day, *dims, fact.resolution_bucket)


DAY_KEY = ("day", "site_id", "team_id", "case_type_id", "tier")
BUCKET_KEY = ("measure", *DAY_KEY, "bucket")


def apply_deltas(old: Iterable[CaseFact], new: Iterable[CaseFact]) -> tuple[int, int, int]:
    """Take the ``old`` fact rows out of the rollups and add the ``new`` ones (inside the
    caller's transaction); returns (days touched, day rows changed, bucket rows changed)."""
    day_deltas: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    bucket_deltas: dict[tuple, int] = defaultdict(int)
    for facts, sign in ((old, -1), (new, 1)):
        for fact in facts:
            for key, columns in day_contributions(fact):
                row = day_deltas[key]
                for name, value in columns.items():
                    row[name] += sign * value
            for key in bucket_contributions(fact):
                bucket_deltas[key] += sign
    day_rows = 0
    for key, columns in day_deltas.items():
        changed = {name: value for name, value in columns.items() if value}
        if not changed:
            continue  # read again, nothing changed
        day_rows += 1
        where = dict(zip(DAY_KEY, key, strict=True))
        rows = CaseDay.objects.filter(**where)
        if not rows.update(**{name: F(name) + value for name, value in changed.items()}):
            CaseDay.objects.create(**where, **changed)
        elif any(changed.get(name, 0) < 0 for name in COUNTS):
            rows.filter(**{name: 0 for name in COUNTS}).delete()
    bucket_rows = 0
    for key, delta in bucket_deltas.items():
        if not delta:
            continue
        bucket_rows += 1
        where = dict(zip(BUCKET_KEY, key, strict=True))
        rows = DurationBucket.objects.filter(**where)
        if not rows.update(count=F("count") + delta):
            DurationBucket.objects.create(**where, count=delta)
        elif delta < 0:
            rows.filter(count__lte=0).delete()
    days = {key[0] for key, columns in day_deltas.items() if any(columns.values())}
    return len(days), day_rows, bucket_rows
