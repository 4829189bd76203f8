"""The reports read from the other parts' own figures: abuse downgrades, knowledge-base
deflection, training attendance and appeals (each an aggregate over that part's table,
which is far smaller than the cases), and the reports whose part is not built yet."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncDay, TruncMonth, TruncQuarter, TruncWeek
from django.utils.translation import gettext as _

from sellerdesk.appeals import figures as appeal_figures
from sellerdesk.cases.intake_models import SupportRestriction
from sellerdesk.knowledge import selectors as knowledge
from sellerdesk.knowledge.training import selectors as training_selectors
from sellerdesk.knowledge.training.cities import city_label

from . import periods
from .filters import Filters
from .report import Chart, Column, Report, ratio

TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth, "quarter": TruncQuarter}


def _bounds(f: Filters) -> tuple[datetime, datetime]:
    start = datetime.combine(f.date_from, time.min, UTC)
    end = datetime.combine(f.date_to + timedelta(days=1), time.min, UTC)
    return start, end


def abuse(f: Filters) -> Report:
    unit = f.group_by or "week"
    start, end = _bounds(f)
    qs = SupportRestriction.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if f.tier:
        qs = qs.filter(seller__tier=f.tier)
    counted = {
        r["period"]: r
        for r in qs.annotate(period=TRUNC[unit]("starts_at", output_field=DateField()))
        .values("period")
        .order_by()
        .annotate(
            downgrades=Count("id"),
            sellers=Count("seller", distinct=True),
            lifted=Count("id", filter=Q(lifted_at__isnull=False)),
        )
    }
    starts = periods.periods_between(f.date_from, f.date_to, unit)
    rows = [
        {
            "period": periods.label(s, unit),
            "downgrades": counted.get(s, {}).get("downgrades", 0),
            "sellers": counted.get(s, {}).get("sellers", 0),
            "lifted": counted.get(s, {}).get("lifted", 0),
        }
        for s in starts
    ]
    return Report(
        name="abuse",
        title=_("Abuse downgrades"),
        definition=_(
            "Support downgrades that started in each period (a seller whose cases were closed "
            "as invalid, duplicate or spam too often loses support access for a cooling "
            "period), the sellers they hit, and how many an operator lifted early. Site, team "
            "and case type do not narrow it: a downgrade is of a seller."
        ),
        columns=[
            Column("period", _("Period")),
            Column("downgrades", _("Downgrades"), "count"),
            Column("sellers", _("Sellers"), "count"),
            Column("lifted", _("Lifted early"), "count"),
        ],
        rows=rows,
        chart=Chart(
            kind="bar",
            categories=[r["period"] for r in rows],
            series=[(_("Downgrades"), [r["downgrades"] for r in rows])],
            y_label=_("downgrades"),
        ),
    )


def deflection(f: Filters) -> Report:
    start, end = _bounds(f)
    rows = []
    for r in knowledge.deflection_by_case_type(start=start, end=end):
        if f.case_type and r.case_type_code != f.case_type:
            continue
        if f.team_ids is not None and (
            r.case_type is None or r.case_type.team_id not in f.team_ids
        ):
            continue  # a lead reads the case types of their teams
        rows.append(
            {
                "case_type": r.case_type_code,
                "case_type_name": r.case_type.name if r.case_type else _("(none)"),
                "opened": r.opened,
                "deflected": r.deflected,
                "filed": r.filed,
                "pending": r.pending,
                "deflection_rate": None if r.rate is None else round(r.rate, 4),
            }
        )
    rows.sort(key=lambda r: r["case_type_name"])
    return Report(
        name="deflection",
        title=_("Knowledge-base deflection"),
        definition=_(
            "Suggested articles sellers opened while filing a case, by the case type they were "
            "filing. An open is deflected when the seller filed no case within the window "
            "after opening it, filed when they did, and pending while the window runs; the "
            "rate is deflected among the opens whose window has closed. A team's part is the "
            "case types it handles."
        ),
        columns=[
            Column("case_type_name", _("Case type")),
            Column("opened", _("Articles opened"), "count"),
            Column("deflected", _("Deflected"), "count"),
            Column("filed", _("Filed anyway"), "count"),
            Column("pending", _("Pending"), "count"),
            Column("deflection_rate", _("Deflection rate"), "share"),
        ],
        rows=rows,
        chart=Chart(
            kind="stacked",
            categories=[r["case_type_name"] for r in rows],
            series=[
                (_("Deflected"), [r["deflected"] for r in rows]),
                (_("Filed anyway"), [r["filed"] for r in rows]),
            ],
            y_label=_("articles opened"),
        ),
    )


def training(f: Filters) -> Report:
    start, end = _bounds(f)
    rows = [
        {
            "city": r.city or "",
            "city_name": city_label(r.city) if r.city else _("Online and phone"),
            "quarter": r.quarter,
            "events": r.events,
            "registered": r.registered,
            "attended": r.attended,
            "attendance_rate": ratio(r.attended, r.registered),
        }
        for r in training_selectors.attendance_by_city_quarter(start=start, end=end)
    ]
    rows.sort(key=lambda r: (r["quarter"], -r["attended"], r["city"]))
    quarters = sorted({r["quarter"] for r in rows})
    cities = sorted({r["city_name"] for r in rows})
    attended = {(r["quarter"], r["city_name"]): r["attended"] for r in rows}
    return Report(
        name="training",
        title=_("Training attendance by city and quarter"),
        definition=_(
            "Training events (city salons, live sessions and phone consultations) by the "
            "quarter they started in and their city: events held, confirmed registrations, "
            "and people the organisers marked as attended."
        ),
        columns=[
            Column("quarter", _("Quarter")),
            Column("city_name", _("City")),
            Column("events", _("Events"), "count"),
            Column("registered", _("Registered"), "count"),
            Column("attended", _("Attended"), "count"),
            Column("attendance_rate", _("Attendance rate"), "share"),
        ],
        rows=rows,
        chart=Chart(
            kind="bar",
            categories=quarters,
            series=[(c, [attended.get((q, c), 0) for q in quarters]) for c in cities],
            y_label=_("attended"),
        ),
    )


def appeals(f: Filters) -> Report:
    r = appeal_figures.Range(f.date_from, f.date_to, site=f.site or None)
    decision = appeal_figures.time_to_decision(r)[0]
    rows = [
        {
            "cause_kind": row["cause_kind"],
            "decided": row["decided"],
            "accepted": row["accepted"],
            "acceptance_rate": row["rate"],
        }
        for row in appeal_figures.acceptance_by_cause_kind(r)
    ]
    return Report(
        name="appeals",
        title=_("Appeals: time to decision and acceptance"),
        definition=_(
            "Appeals (plans of action) decided in the period. Time to decision is the hours "
            "from the appeal reaching the reviewers to its accept or reject; acceptance is the "
            "share of the decided appeals that were accepted, per kind of cause (an appeal "
            "against a cause of several kinds counts under each)."
        ),
        columns=[
            Column("cause_kind", _("Kind of cause")),
            Column("decided", _("Decided"), "count"),
            Column("accepted", _("Accepted"), "count"),
            Column("acceptance_rate", _("Acceptance rate"), "share"),
        ],
        rows=rows,
        chart=Chart(
            kind="bar",
            categories=[row["cause_kind"] for row in rows],
            series=[(_("Acceptance rate"), [row["acceptance_rate"] for row in rows])],
            y_label=_("share accepted"),
        ),
        extra={
            "decided": decision["count"],
            "median_hours_to_decision": decision["median_hours"],
            "mean_hours_to_decision": decision["mean_hours"],
        },
    )


def _not_built(name: str, title: str, definition: str, note: str) -> Report:
    return Report(
        name=name,
        title=title,
        definition=definition,
        columns=[],
        rows=[],
        available=False,
        note=note,
    )


def premium_uplift(f: Filters) -> Report:
    return _not_built(
        "premium-uplift",
        _("Premium programme sales uplift"),
        _(
            "The change in enrolled sellers' average monthly sales after they joined premium "
            "support, against matched sellers who were eligible but did not join."
        ),
        _(
            "This report needs premium-support eligibility and enrolment dates, which this "
            "version does not record yet. It fills in when they are."
        ),
    )


def forecast(f: Filters) -> Report:
    return _not_built(
        "forecast",
        _("Case volume forecast"),
        _("Expected cases per team, case type and site for the next 13 weeks."),
        _("Capacity planning is not part of this version yet. It fills in when it is."),
    )


def staffing(f: Filters) -> Report:
    return _not_built(
        "staffing",
        _("Agents needed"),
        _("The agents each team needs per hour to meet its first-response target."),
        _("Capacity planning is not part of this version yet. It fills in when it is."),
    )
