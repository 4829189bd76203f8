"""The operator's overview: the last seven days' figures against the seven days before,
from the same rollups as the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .filters import Filters
from .models import CaseDay
from .report import days, hours, ratio

COLUMNS = (
    "opened",
    "finished",
    "first_responses",
    "first_response_seconds",
    "first_response_judged",
    "first_response_within",
    "resolved",
    "resolution_seconds",
    "first_response_breaches",
    "next_response_breaches",
    "resolution_breaches",
    "escalations",
    "surveyed",
    "rated",
    "rating_sum",
)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: str  # count, hours, days, share, score
    this_week: float | None
    last_week: float | None
    # Whether a rise is good news (breaches rising is not).
    higher_is_better: bool | None

    @property
    def change(self) -> float | None:
        if self.this_week is None or self.last_week is None:
            return None
        return round(self.this_week - self.last_week, 4)

    @property
    def trend(self) -> str:
        """good, bad or flat, for the arrow's colour."""
        change = self.change
        if not change or self.higher_is_better is None:
            return "flat"
        return "good" if (change > 0) == self.higher_is_better else "bad"


def _week(f: Filters, last: date) -> dict:
    q = f.with_range(last - timedelta(days=6), last).dims()
    sums = CaseDay.objects.filter(**q).aggregate(**{c: Sum(c) for c in COLUMNS})
    return {k: v or 0 for k, v in sums.items()}


def _figures(s: dict) -> dict:
    responded, resolved, rated = s["first_responses"], s["resolved"], s["rated"]
    return {
        "opened": s["opened"],
        "finished": s["finished"],
        "first_response_mean": hours(s["first_response_seconds"] / responded)
        if responded
        else None,
        "within_target": ratio(s["first_response_within"], s["first_response_judged"]),
        "resolution_mean": days(s["resolution_seconds"] / resolved) if resolved else None,
        "breaches": s["first_response_breaches"]
        + s["next_response_breaches"]
        + s["resolution_breaches"],
        "escalations": s["escalations"],
        "satisfaction": round(s["rating_sum"] / rated, 2) if rated else None,
        "response_rate": ratio(rated, s["surveyed"]),
    }


LABELS = (
    ("opened", _("Cases opened"), "count", None),
    ("finished", _("Cases finished"), "count", True),
    ("first_response_mean", _("Mean first response (hours)"), "hours", False),
    ("within_target", _("First responses within target"), "share", True),
    ("resolution_mean", _("Mean resolution (days)"), "days", False),
    ("breaches", _("SLA breaches"), "count", False),
    ("escalations", _("Escalations"), "count", False),
    ("satisfaction", _("Mean satisfaction (1–5)"), "score", True),
    ("response_rate", _("Survey response rate"), "share", True),
)


def week_against_last(f: Filters, today: date) -> list[Figure]:
    """The figures of the seven days up to ``today`` against the seven before (``f``'s site,
    team, case type and tier apply; its dates do not)."""
    this, last = _figures(_week(f, today)), _figures(_week(f, today - timedelta(days=7)))
    return [
        Figure(key, str(label), kind, this[key], last[key], better)
        for key, label, kind, better in LABELS
    ]
