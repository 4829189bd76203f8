"""The report pages: the list with the operator's overview, and each report with its filters,
chart, table, definition and CSV download. Team leads see their teams' figures, operators
everyone's; anyone else gets 403 (the Forbidden ``filters`` raises, as ``staff_only`` turns
it into one)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sellerdesk.accounts.models import Team
from sellerdesk.cases.models import CaseType
from sellerdesk.lib.errors import ValidationFailed
from sellerdesk.lib.views import form_errors, staff_only
from sellerdesk.sites.models import Site

from .. import output
from ..charts import chart_svg
from ..filters import parse, readable_teams
from ..overview import week_against_last
from ..registry import REPORTS, readable_in, run
from ..rollup import freshness


def _choices(user) -> dict:
    """The report list and the filters' choices for ``user`` (403 for anyone who may not
    read reports)."""
    scope = readable_teams(user)
    teams = Team.objects.filter(active=True).order_by("code")
    return {
        "reports": [(name, REPORTS[name].title) for name in readable_in(scope)],
        "sites": Site.objects.filter(active=True).order_by("code"),
        "teams": teams if scope is None else teams.filter(pk__in=scope),
        "case_types": CaseType.objects.filter(active=True).order_by("position", "code"),
    }


@staff_only
def report_index(request):
    try:
        filters = parse(request.GET, user=request.user)
    except ValidationFailed:
        filters = parse({}, user=request.user)
    state = freshness()
    return render(
        request,
        "reports/index.html",
        {
            "figures": week_against_last(filters, timezone.now().date()),
            "as_of": state.refreshed_at,
            "filters": filters,
            **_choices(request.user),
        },
    )


@staff_only
def report_page(request, name: str):
    if name not in REPORTS:
        raise Http404
    spec = REPORTS[name]
    errors, summary = {}, []
    try:
        answer = run(name, request.GET, user=request.user)
    except ValidationFailed as exc:
        errors, summary = form_errors(exc)
        answer = run(name, {}, user=request.user)
    if request.GET.get("format") == "csv" and not errors:
        response = HttpResponse(
            "\ufeff" + output.as_csv(answer), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    csv_query = request.GET.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "reports/report.html",
        {
            "name": name,
            "answer": answer,
            "report": answer.report,
            "chart": chart_svg(answer.report),
            "group_by": spec.group_by,
            "narrowed_by": spec.narrowed_by,
            "errors": errors,
            "error_summary": summary,
            "csv_query": csv_query.urlencode(),
            **_choices(request.user),
        },
    )
