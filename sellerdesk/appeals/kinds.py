"""What kind of cause an appeal answers (pure): the kinds choose the evidence requirements and
the articles of an appeal. A policy violation cause has its violations' kinds
(``authenticity``, ``ip_complaint``, …); a metric beyond its target is ``metrics``; a score
below a threshold is ``health_score``; anything else (an operator's own cause) is ``other``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

METRICS = "metrics"
HEALTH_SCORE = "health_score"
OTHER = "other"
ANY = "any"  # requirements and guides that apply to every appeal


def cause_kinds(detail: Mapping, violation_kinds: Iterable[str] = ()) -> list[str]:
    """The kinds of a cause from what its rule saw (``AccountCause.detail``) and the kinds of
    the violations it names."""
    if detail.get("metric"):
        return [METRICS]
    kinds = sorted(set(violation_kinds))
    if kinds:
        return kinds
    if "threshold" in detail:
        return [HEALTH_SCORE]
    return [OTHER]


def applies(row_kind: str, kinds: Iterable[str]) -> bool:
    return row_kind == ANY or row_kind in set(kinds)
