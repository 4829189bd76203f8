"""Duration buckets: the rollups keep how many cases fell in each, and the medians and 90th
percentiles are read back from the counts. The edges are finer where the SLA targets are
(hours in the first three days) and coarser beyond, so a percentile read from them is off by
at most one bucket's width: 15 minutes under an hour, an hour up to three days, 6 hours up to
a week, a day up to 30 days."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

MINUTE, HOUR, DAY = 60, 3600, 86400


def _edges() -> tuple[int, ...]:
    edges = [0, 15 * MINUTE, 30 * MINUTE, 45 * MINUTE]
    edges += [h * HOUR for h in range(1, 72)]
    edges += [h * HOUR for h in range(72, 7 * 24, 6)]
    edges += [d * DAY for d in range(7, 31)]
    edges += [45 * DAY, 60 * DAY, 90 * DAY, 180 * DAY, 365 * DAY]
    return tuple(edges)


# Bucket i holds durations in [EDGES[i], EDGES[i + 1]); the last one is open-ended.
EDGES = _edges()


def bucket_of(seconds: int | float) -> int:
    """The bucket a duration falls in (a negative duration, from clock skew, counts as 0)."""
    return max(bisect_right(EDGES, max(seconds, 0)) - 1, 0)


def percentile(counts: Mapping[int, int], q: float) -> float | None:
    """The ``q`` quantile (0 < q < 1) of the durations counted per bucket, interpolated
    linearly inside its bucket; None when nothing is counted."""
    total = sum(counts.values())
    if total <= 0:
        return None
    rank = q * total
    seen = 0
    for bucket in sorted(counts):
        n = counts[bucket]
        if n <= 0:
            continue
        if seen + n >= rank:
            low = EDGES[bucket]
            if bucket + 1 >= len(EDGES):
                return float(low)
            high = EDGES[bucket + 1]
            return low + (high - low) * (rank - seen) / n
        seen += n
    return float(EDGES[max(counts)])  # pragma: no cover - rank never exceeds the total


def width_at(seconds: float) -> float:
    """The width of the bucket ``seconds`` falls in: how far a percentile read from the
    buckets may be from the exact one."""
    i = bucket_of(seconds)
    if i + 1 >= len(EDGES):
        return 0.0
    return float(EDGES[i + 1] - EDGES[i])
