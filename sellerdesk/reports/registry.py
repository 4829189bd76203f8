"""Every report by name (the names of ``GET /api/v1/reports/{name}``): what it accepts to
group by, its default range, and whether it reads the rollups (then its answer says how old
they are)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sellerdesk.lib.errors import Forbidden

from . import case_reports, other_reports, periods
from .filters import NARROWING, Filters, parse, readable_teams
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
    # The filters it applies; any other given is a 422 rather than silently ignored.
    narrowed_by: tuple[str, ...] = NARROWING
    # Whether team leads read it (their teams' part of it); False: operators only, as its
    # figures are the whole marketplace's and cannot be narrowed to a team.
    for_leads: bool = True
    # Rows are of this period: the range starts at the start of the period holding ``from``
    # (None: the report's ``group_by`` when that is a period).
    period: str | None = None


REPORTS: dict[str, Spec] = {
    "first-response": Spec(
        case_reports.first_response, _("First response"), DIMENSIONS, from_rollups=True
    ),
    "resolution": Spec(
        case_reports.resolution, _("Resolution"), (), 365, from_rollups=True, period="quarter"
    ),
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
    "abuse": Spec(
        other_reports.abuse,
        _("Abuse downgrades"),
        PERIOD_UNITS,
        narrowed_by=("tier",),
        for_leads=False,
    ),
    "deflection": Spec(
        other_reports.deflection, _("Deflection"), narrowed_by=("team", "case_type")
    ),
    "training": Spec(
        other_reports.training,
        _("Training"),
        (),
        365,
        narrowed_by=(),
        for_leads=False,
        period="quarter",
    ),
    "appeals": Spec(other_reports.appeals, _("Appeals"), narrowed_by=("site",), for_leads=False),
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


def readable_in(scope: frozenset[int] | None) -> list[str]:
    """The reports a reader whose team scope is ``scope`` (``filters.readable_teams``) may
    read: every one for operators, those for leads otherwise."""
    return [name for name, spec in REPORTS.items() if scope is None or spec.for_leads]


def run(name: str, params, *, user, now=None) -> Answer:
    """Report ``name`` for ``user`` with the filters of ``params`` (KeyError: no such
    report; Forbidden when ``user`` may not read it, ValidationFailed as ``filters.parse``
    raises it). A report of periods starts at the start of the period holding ``from``."""

    spec = REPORTS[name]
    scope = readable_teams(user)
    if scope is not None and not spec.for_leads:
        raise Forbidden("This report covers the whole marketplace: it is for operators.")
    filters = parse(
        params,
        user=user,
        group_by=spec.group_by,
        default_days=spec.default_days,
        narrowed_by=spec.narrowed_by,
        scope=scope,
    )
    unit = spec.period or (filters.group_by if filters.group_by in PERIOD_UNITS else None)
    if unit:
        filters = filters.with_range(periods.period_start(filters.date_from, unit), filters.date_to)
    report = spec.build(filters)
    as_of = age = None
    if spec.from_rollups:
        as_of = freshness().refreshed_at
        if as_of is not None:
            age = max(int(((now or timezone.now()) - as_of).total_seconds()), 0)
    return Answer(report=report, filters=filters, as_of=as_of, age_seconds=age)
