"""A report's chart as inline SVG, drawn on the server (no outside service, no script), with
its words in the reader's language."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sellerdesk.lib import svgcharts

from .report import Report


def chart_svg(report: Report) -> SafeString | None:
    chart = report.chart
    if chart is None or not report.available:
        return None
    common = {
        "title": str(report.title),
        "y_label": str(chart.y_label),
        "reference": chart.reference,
        "no_data": _("No data in this period."),
        "chart_id": f"chart-{report.name}",
    }
    series = [(str(name), values) for name, values in chart.series]
    if chart.kind == "line":
        svg = svgcharts.line_chart(series, x_labels=chart.categories, **common)
    else:
        svg = svgcharts.bar_chart(
            chart.categories, series, stacked=chart.kind == "stacked", **common
        )
    return mark_safe(svg)  # noqa: S308 - svgcharts escapes every text it writes
