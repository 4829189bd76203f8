"""The reports about cases, read from the rollups (``CaseDay``, ``DurationBucket``): first
response, resolution, satisfaction, backlog, breaches and escalations. Each is a handful of
aggregate queries over day rows, whatever the number of cases."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, DateField, F, Sum, Value, When
from django.utils.translation import gettext as _

from sellerdesk.accounts.models import Seller
from sellerdesk.sla.models import SlaPolicy

from . import periods
from .buckets import percentile
from .filters import Filters
from .models import CaseDay, DurationBucket
from .report import Chart, Column, Names, Report, days, hours, ratio

DIMENSION_FIELD = {
    "case_type": "case_type_id",
    "team": "team_id",
    "site": "site_id",
    "tier": "tier",
}


def period_of(field: str, unit: str, first, last):
    """The start of the ``unit`` period holding each row's ``field`` (a day from ``first`` to
    ``last``), as a CASE over the periods' starts that the database evaluates itself. Not
    Django's ``Trunc*``: on SQLite that calls a Python function per row (2 s of the resolution
    report's 2.2 s over its 725,000 bucket rows at a million cases)."""
    if unit == "day":
        return F(field)
    starts = periods.periods_between(first, last, unit)
    whens = [
        When(**{f"{field}__lt": periods.next_period(start, unit)}, then=Value(start))
        for start in starts[:-1]
    ]
    return Case(*whens, default=Value(starts[-1]), output_field=DateField())


def _sums(f: Filters, by: list, columns: list[str]) -> list[dict]:
    qs = CaseDay.objects.filter(**f.dims())
    return list(qs.values(*by).order_by().annotate(**{name: Sum(name) for name in columns}))


def _percentiles(f: Filters, measure: str, by: list, qs_annotate=None) -> dict:
    """{group: (median seconds, 90th percentile seconds)} of ``measure`` per ``by`` group."""
    qs = DurationBucket.objects.filter(measure=measure, **f.dims())
    if qs_annotate:
        qs = qs.annotate(**qs_annotate)
    counts: dict = defaultdict(dict)
    for row in qs.values(*by, "bucket").order_by().annotate(n=Sum("count")):
        group = tuple(row[b] for b in by)
        counts[group][row["bucket"]] = row["n"]
    return {g: (percentile(c, 0.5), percentile(c, 0.9)) for g, c in counts.items()}


def _targets(tier: str) -> dict[int, int]:
    """Each case type's first-response target in minutes for ``tier`` (standard if none)."""
    return dict(
        SlaPolicy.objects.filter(tier=tier or Seller.Tier.STANDARD).values_list(
            "case_type_id", "first_response_minutes"
        )
    )


def first_response(f: Filters) -> Report:
    group = f.group_by or "case_type"
    key = DIMENSION_FIELD[group]
    names = Names()
    sums = _sums(
        f,
        [key],
        [
            "opened",
            "first_responses",
            "first_response_seconds",
            "first_response_judged",
            "first_response_within",
        ],
    )
    spread = _percentiles(f, DurationBucket.Measure.FIRST_RESPONSE, [key])
    targets = _targets(f.tier) if group == "case_type" else {}
    rows = []
    for s in sums:
        code, name = names.of(group, s[key])
        responded = s["first_responses"] or 0
        median, p90 = spread.get((s[key],), (None, None))
        target = targets.get(s[key])
        rows.append(
            {
                "group": code,
                "group_name": name,
                "cases": s["opened"] or 0,
                "responded": responded,
                "mean_hours": hours(s["first_response_seconds"] / responded) if responded else None,
                "median_hours": hours(median),
                "p90_hours": hours(p90),
                "target_hours": round(target / 60, 2) if target else None,
                "within_target": ratio(s["first_response_within"], s["first_response_judged"]),
            }
        )
    rows.sort(key=lambda r: r["group_name"])
    return Report(
        name="first-response",
        title=_("First response against target"),
        definition=_(
            "Cases opened in the period, by the day they were opened. A first response is the "
            "first reply to the seller that is not an internal note. Mean, median and 90th "
            "percentile are wall-clock hours from opening to that reply, of the cases answered "
            "so far; the median and 90th percentile are read from duration buckets (exact to "
            "within 15 minutes under an hour, within an hour up to three days). Within "
            "target is the share of the cases answered or already late whose first response "
            "came by its SLA deadline (which counts business hours and pauses). The target is "
            "the case type's first-response target for the tier chosen (standard if none)."
        ),
        columns=[
            Column("group_name", group_label(group)),
            Column("cases", _("Cases opened"), "count"),
            Column("responded", _("Answered"), "count"),
            Column("mean_hours", _("Mean (hours)"), "hours"),
            Column("median_hours", _("Median (hours)"), "hours"),
            Column("p90_hours", _("90th percentile (hours)"), "hours"),
            Column("target_hours", _("Target (hours)"), "hours"),
            Column("within_target", _("Within target"), "share"),
        ],
        rows=rows,
        chart=Chart(
            kind="bar",
            categories=[r["group_name"] for r in rows],
            series=[
                (_("Mean"), [r["mean_hours"] for r in rows]),
                (_("Median"), [r["median_hours"] for r in rows]),
                (_("90th percentile"), [r["p90_hours"] for r in rows]),
                (_("Target"), [r["target_hours"] for r in rows]),
            ],
            y_label=_("hours"),
        ),
    )


def group_label(group: str) -> str:
    return {
        "case_type": _("Case type"),
        "team": _("Team"),
        "site": _("Site"),
        "tier": _("Tier"),
    }[group]


def resolution(f: Filters) -> Report:
    """Resolution time by quarter and site, against the quarter before."""
    names = Names()
    first = periods.period_start(f.date_from, "quarter")
    wide = f.with_range(periods.previous_period(first, "quarter"), f.date_to)
    by = ["quarter", "site_id"]
    sums = (
        CaseDay.objects.filter(**wide.dims())
        .annotate(quarter=period_of("day", "quarter", wide.date_from, wide.date_to))
        .values(*by)
        .order_by()
        .annotate(resolved=Sum("resolved"), seconds=Sum("resolution_seconds"))
    )
    # The quarter before is read for its mean only: its buckets are not needed.
    shown = f.with_range(first, f.date_to)
    spread = _percentiles(
        shown,
        DurationBucket.Measure.RESOLUTION,
        by,
        {"quarter": period_of("day", "quarter", shown.date_from, shown.date_to)},
    )
    mean: dict = {}
    counts: dict = {}
    for s in sums:
        k = (s["quarter"], s["site_id"])
        counts[k] = s["resolved"] or 0
        mean[k] = s["seconds"] / s["resolved"] if s["resolved"] else None
    rows = []
    for quarter, site_id in sorted(mean, key=lambda k: (k[0], names.of("site", k[1])[0])):
        if quarter < first:
            continue
        before = mean.get((periods.previous_period(quarter, "quarter"), site_id))
        now = mean[(quarter, site_id)]
        median, p90 = spread.get((quarter, site_id), (None, None))
        rows.append(
            {
                "quarter": periods.label(quarter, "quarter"),
                "site": names.of("site", site_id)[0],
                "resolved": counts[(quarter, site_id)],
                "mean_days": days(now),
                "median_days": days(median),
                "p90_days": days(p90),
                "change_days": (
                    days(now - before) if now is not None and before is not None else None
                ),
            }
        )
    quarters = sorted({r["quarter"] for r in rows})
    sites = sorted({r["site"] for r in rows})
    by_key = {(r["quarter"], r["site"]): r["mean_days"] for r in rows}
    return Report(
        name="resolution",
        title=_("Resolution time by quarter and site"),
        definition=_(
            "Cases resolved in the period, by the quarter of their (latest) resolution and "
            "their site. Times are wall-clock days from opening to resolution; the median and "
            "90th percentile are read from duration buckets (within an hour up to three days, "
            "within a day beyond a week). The change is the mean against the same site's mean "
            "in the quarter before, which is read even when it lies before the period."
        ),
        columns=[
            Column("quarter", _("Quarter")),
            Column("site", _("Site")),
            Column("resolved", _("Resolved"), "count"),
            Column("mean_days", _("Mean (days)"), "days"),
            Column("median_days", _("Median (days)"), "days"),
            Column("p90_days", _("90th percentile (days)"), "days"),
            Column("change_days", _("Change on the quarter before (days)"), "days"),
        ],
        rows=rows,
        chart=Chart(
            kind="line",
            categories=quarters,
            series=[(site, [by_key.get((q, site)) for q in quarters]) for site in sites],
            y_label=_("days"),
        ),
    )


def satisfaction(f: Filters) -> Report:
    group = f.group_by or "tier"
    key = DIMENSION_FIELD[group]
    names = Names()
    scores = [f"rating_{k}" for k in range(1, 6)]
    sums = _sums(f, [key], ["surveyed", "rated", "rating_sum", *scores])
    rows = []
    for s in sums:
        if not s["surveyed"] and not s["rated"]:
            continue
        code, name = names.of(group, s[key])
        rated = s["rated"] or 0
        rows.append(
            {
                "group": code,
                "group_name": name,
                "resolved": s["surveyed"] or 0,
                "rated": rated,
                "mean_score": round(s["rating_sum"] / rated, 2) if rated else None,
                "response_rate": ratio(rated, s["surveyed"] or 0),
                **{f"score_{k}": s[f"rating_{k}"] or 0 for k in range(1, 6)},
            }
        )
    rows.sort(key=lambda r: r["group_name"])
    return Report(
        name="satisfaction",
        title=_("Satisfaction"),
        definition=_(
            "Ratings (1 to 5) sellers gave cases resolved in the period, counted on the day of "
            "the case's latest resolution; a case rated again keeps only its latest rating. "
            "Resolved counts the cases whose seller was asked (resolved as solved, not closed "
            "as invalid, duplicate or spam, and not an appeal's review); the response rate is "
            "the share of those that were rated."
        ),
        columns=[
            Column("group_name", group_label(group)),
            Column("resolved", _("Resolved and asked"), "count"),
            Column("rated", _("Rated"), "count"),
            Column("mean_score", _("Mean score"), "score"),
            Column("response_rate", _("Response rate"), "share"),
            *(Column(f"score_{k}", str(k), "count") for k in range(1, 6)),
        ],
        rows=rows,
        chart=Chart(
            kind="stacked",
            categories=[r["group_name"] for r in rows],
            series=[(str(k), [r[f"score_{k}"] for r in rows]) for k in range(1, 6)],
            y_label=_("ratings"),
        ),
    )


def _team_series(f: Filters, unit: str, columns: list[str]) -> tuple[list, dict]:
    """(period starts, {(period, team_id): {column: sum}}) of the range."""
    starts = periods.periods_between(f.date_from, f.date_to, unit)
    qs = (
        CaseDay.objects.filter(**f.dims())
        .annotate(period=period_of("day", unit, f.date_from, f.date_to))
        .values("period", "team_id")
        .order_by()
        .annotate(**{c: Sum(c) for c in columns})
    )
    out = {(r["period"], r["team_id"]): r for r in qs}
    return starts, out


def backlog(f: Filters) -> Report:
    unit = f.group_by or "week"
    names = Names()
    carried = {
        r["team_id"]: (r["o"] or 0) - (r["c"] or 0)
        for r in CaseDay.objects.filter(day__lt=f.date_from, **f.narrowing())
        .values("team_id")
        .order_by()
        .annotate(o=Sum("opened"), c=Sum("finished"))
    }
    starts, sums = _team_series(f, unit, ["opened", "finished"])
    teams = sorted({t for _p, t in sums} | set(carried), key=lambda t: names.of("team", t)[1])
    rows, series = [], []
    for team in teams:
        code, name = names.of("team", team)
        open_now = carried.get(team, 0)
        values = []
        for start in starts:
            s = sums.get((start, team), {})
            opened, finished = s.get("opened") or 0, s.get("finished") or 0
            open_now += opened - finished
            values.append(open_now)
            rows.append(
                {
                    "period": periods.label(start, unit),
                    "team": code,
                    "team_name": name,
                    "opened": opened,
                    "finished": finished,
                    "backlog": open_now,
                }
            )
        series.append((name, values))
    return Report(
        name="backlog",
        title=_("Backlog by team"),
        definition=_(
            "For each team and period: cases opened, cases finished (resolved or closed, on "
            "the day of their latest resolution or closing) and the backlog at the end of the "
            "period, which is every case opened up to then less every case finished up to "
            "then. A case counts under the team that holds it now, and as finished on the day "
            "of its latest resolution: a case reopened since counts as open from the day it "
            "was opened."
        ),
        columns=[
            Column("period", _("Period")),
            Column("team_name", _("Team")),
            Column("opened", _("Opened"), "count"),
            Column("finished", _("Finished"), "count"),
            Column("backlog", _("Backlog at the end"), "count"),
        ],
        rows=rows,
        chart=Chart(
            kind="line",
            categories=[periods.label(s, unit) for s in starts],
            series=series,
            y_label=_("open cases"),
        ),
    )


def escalations(f: Filters) -> Report:
    unit = f.group_by or "week"
    names = Names()
    columns = [
        "first_response_breaches",
        "next_response_breaches",
        "resolution_breaches",
        "escalations",
    ]
    starts, sums = _team_series(f, unit, columns)
    teams = sorted({t for _p, t in sums}, key=lambda t: names.of("team", t)[1])
    rows = []
    team_names = {team: names.of("team", team) for team in teams}
    for start in starts:
        for team in teams:
            s = sums.get((start, team), {})
            code, name = team_names[team]
            rows.append(
                {
                    "period": periods.label(start, unit),
                    "team": code,
                    "team_name": name,
                    **{c: s.get(c) or 0 for c in columns},
                }
            )
    totals = defaultdict(lambda: [0, 0])
    for r in rows:
        t = totals[r["period"]]
        t[0] += r["first_response_breaches"] + r["next_response_breaches"]
        t[0] += r["resolution_breaches"]
        t[1] += r["escalations"]
    labels = [periods.label(s, unit) for s in starts]
    return Report(
        name="escalations",
        title=_("Breaches and escalations by team"),
        definition=_(
            "For each team and period: SLA breaches of the first-response, next-response and "
            "resolution targets, each on the day its deadline passed, and escalations (by the "
            "SLA engine on a breach or by the seller) on the day they happened."
        ),
        columns=[
            Column("period", _("Period")),
            Column("team_name", _("Team")),
            Column("first_response_breaches", _("First-response breaches"), "count"),
            Column("next_response_breaches", _("Next-response breaches"), "count"),
            Column("resolution_breaches", _("Resolution breaches"), "count"),
            Column("escalations", _("Escalations"), "count"),
        ],
        rows=rows,
        chart=Chart(
            kind="line",
            categories=labels,
            series=[
                (_("Breaches"), [totals[p][0] for p in labels]),
                (_("Escalations"), [totals[p][1] for p in labels]),
            ],
            y_label=_("cases"),
        ),
    )
