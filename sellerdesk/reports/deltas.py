"""Applying to the rollups the difference the refresh's changed cases make: the sums of their
new fact rows less those of their old ones (``rollup.day_sums`` and ``rollup.bucket_counts``,
the rebuild's own aggregates). Every rollup column is a sum or a count, so the rollups after
the deltas equal a recount from the facts (the refresh tests compare them with a rebuild). A
case read again with nothing changed adds nothing, so the refresh's overlap costs only reading
it. A day row whose counts all come to zero, or a bucket whose count does, no longer has a case
counting on it and is deleted, as a recount would not write it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import F

from .models import CaseDay, DurationBucket

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
DAY_KEY = ("day", "site_id", "team_id", "case_type_id", "tier")
BUCKET_KEY = ("measure", *DAY_KEY, "bucket")


class Deltas:
    """The changes to the day rows and bucket rows, gathered, then written once."""

    def __init__(self) -> None:
        self.days: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.buckets: dict[tuple, int] = defaultdict(int)

    def add(
        self,
        day_sums: Mapping[tuple, Mapping[str, int]],
        bucket_counts: Iterable[tuple[tuple, int]],
        *,
        sign: int,
    ) -> None:
        for key, columns in day_sums.items():
            row = self.days[key]
            for name, value in columns.items():
                row[name] += sign * value
        for key, n in bucket_counts:
            self.buckets[key] += sign * n

    def apply(self) -> tuple[int, int, int]:
        """Write the changes (inside the caller's transaction); returns (days touched, day
        rows changed, bucket rows changed)."""
        day_rows = 0
        for key, columns in self.days.items():
            changed = {name: value for name, value in columns.items() if value}
            if not changed:
                continue  # read again, nothing changed
            day_rows += 1
            where = dict(zip(DAY_KEY, key, strict=True))
            rows = CaseDay.objects.filter(**where)
            if not rows.update(**{name: F(name) + value for name, value in changed.items()}):
                CaseDay.objects.create(**where, **changed)
            elif any(changed.get(name, 0) < 0 for name in COUNTS):
                rows.filter(**dict.fromkeys(COUNTS, 0)).delete()
        bucket_rows = 0
        for key, delta in self.buckets.items():
            if not delta:
                continue
            bucket_rows += 1
            where = dict(zip(BUCKET_KEY, key, strict=True))
            rows = DurationBucket.objects.filter(**where)
            if not rows.update(count=F("count") + delta):
                DurationBucket.objects.create(**where, count=delta)
            elif delta < 0:
                rows.filter(count__lte=0).delete()
        days = {key[0] for key, columns in self.days.items() if any(columns.values())}
        return len(days), day_rows, bucket_rows
