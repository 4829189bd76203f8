"""Every report by name (the names of ``GET /api/v1/reports/{name}``): what it accepts to
group by, its default range, and whether it reads the rollups (then its answer says how old
they are)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import case_reports, other_reports
from .filters import Filters, parse
from .report import Report
from .rollup import freshness

DIMENSIONS = ("case_type", "team", "site", "tier")
PERIOD_UNITS = ("week", "day", "month", "quarter")


@dataclass(frozen=True)
class Spec:
    build: Callable[[Filters], Report]
    title: str
    group_by: tuple[str, ...] = ()
    default_days: int | None = None
    from_rollups: bool = False


REPORTS: dict[str, Spec] = {
    "first-response": Spec(
        case_reports.first_response, _("First response"), DIMENSIONS, from_rollups=True
    ),
    "resolution": Spec(case_reports.resolution, _("Resolution"), (), 365, from_rollups=True),
    "satisfaction": Spec(
        case_reports.satisfaction,
        _("Satisfaction"),
        ("tier", "team", "case_type", "site"),
        from_rollups=True,
    ),
    "backlog": Spec(case_reports.backlog, _("Backlog"), PERIOD_UNITS, from_rollups=True),
    "escalations": Spec(
        case_reports.escalations, _("Breaches and escalations"), PERIOD_UNITS, from_rollups=True
    ),
    "abuse": Spec(other_reports.abuse, _("Abuse downgrades"), PERIOD_UNITS),
    "deflection": Spec(other_reports.deflection, _("Deflection")),
    "training": Spec(other_reports.training, _("Training"), (), 365),
    "appeals": Spec(other_reports.appeals, _("Appeals")),
    "premium-uplift": Spec(other_reports.premium_uplift, _("Premium uplift")),
    "forecast": Spec(other_reports.forecast, _("Forecast")),
    "staffing": Spec(other_reports.staffing, _("Staffing")),
}
NAMES = tuple(REPORTS)


@dataclass
class Answer:
    report: Report
    filters: Filters
    as_of: object  # datetime | None: what the rollups had read up to
    age_seconds: int | None


def run(name: str, params, *, user, now=None) -> Answer:
    """Report ``name`` for ``user`` with the filters of ``params`` (KeyError: no such
    report; Forbidden and ValidationFailed as ``filters.parse`` raises them)."""

    spec = REPORTS[name]
    filters = parse(params, user=user, group_by=spec.group_by, default_days=spec.default_days)
    report = spec.build(filters)
    as_of = age = None
    if spec.from_rollups:
        as_of = freshness().refreshed_at
        if as_of is not None:
            age = max(int(((now or timezone.now()) - as_of).total_seconds()), 0)
    return Answer(report=report, filters=filters, as_of=as_of, age_seconds=age)
