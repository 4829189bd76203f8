"""The team lead's live dashboard: the page, and the panel it polls (HTMX) to stay current
without a reload. Leads see the teams they lead, operators every team; anyone else, 403."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sellerdesk.lib.views import staff_only
from sellerdesk.surveys.selectors import followups_open_for

from . import lead_dashboard

FOLLOWUPS_SHOWN = 10


def _context(request) -> dict:
    teams = lead_dashboard.lead_teams_for(request.user)
    if teams is None:
        raise PermissionDenied
    return {
        "dashboard": lead_dashboard.dashboard_for(teams),
        # Low ratings waiting for the lead's follow-up (a few; the case page does the rest).
        "followups": list(followups_open_for(request.user)[:FOLLOWUPS_SHOWN]),
        "refresh_seconds": max(1, settings.SELLERDESK["LEAD_DASHBOARD_REFRESH_SECONDS"]),
    }


@staff_only
def lead_dashboard_page(request):
    return render(request, "workspace/lead_dashboard.html", _context(request))


@staff_only
def lead_dashboard_panel(request):
    """The panel alone, for the page's poll (and its "Refresh now" link)."""
    return render(request, "workspace/_lead_panel.html", _context(request))
