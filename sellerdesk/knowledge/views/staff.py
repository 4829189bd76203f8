"""Staff pages about articles: the deflection report. (Training's staff pages are in
``training/views.py``.)"""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render

from sellerdesk.lib.views import staff_only

from .. import selectors
from .period import report_period


@staff_only
def deflection(request):
    start, end = report_period(request)
    rows = selectors.deflection_by_case_type(start=start, end=end)
    context = {
        "rows": rows,
        "start": start.date(),
        "end": (end - timedelta(days=1)).date(),
        "totals": {
            "opened": sum(r.opened for r in rows),
            "deflected": sum(r.deflected for r in rows),
            "filed": sum(r.filed for r in rows),
            "pending": sum(r.pending for r in rows),
        },
    }
    return render(request, "knowledge/staff/deflection.html", context)
