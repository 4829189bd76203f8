"""Staff pages: attendance for an event, the deflection report and training statistics."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sellerdesk.lib.errors import DomainError, Forbidden, NotFound
from sellerdesk.lib.views import flash_error, staff_only

from .. import attendance_services, selectors, training_selectors

DEFAULT_REPORT_DAYS = 90


@staff_only
def event_attendance(request, pk: int):
    event = training_selectors.event_get(pk)
    context = {
        "event": event,
        "registrations": training_selectors.event_registrations(event),
        "started": event.starts_at <= timezone.now(),
    }
    return render(request, "knowledge/staff/event.html", context)


@require_POST
@staff_only
def attendance_mark(request, pk: int):
    registration = training_selectors.registration_get_for(request.user, pk)
    try:
        attendance_services.attendance_mark(
            actor=request.user,
            registration=registration,
            attended=request.POST.get("attended") == "yes",
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("Attendance saved."))
    return redirect("kb-staff-event", pk=registration.event_id)


def _period(request) -> tuple[datetime, datetime]:
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "") or "") or today - timedelta(
        days=DEFAULT_REPORT_DAYS
    )
    end = parse_date(request.GET.get("to", "") or "") or today
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), zone),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), zone),
    )


@staff_only
def deflection(request):
    start, end = _period(request)
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


@staff_only
def training_stats(request):
    start, end = _period(request) if request.GET.get("from") else (None, None)
    quarters, _ = training_selectors.events_per_seller_by_quarter(start=start, end=end)
    context = {
        "cities": training_selectors.attendance_by_city_quarter(start=start, end=end),
        "quarters": quarters,
        "upcoming": training_selectors.events_upcoming()[:50],
    }
    return render(request, "knowledge/staff/training_stats.html", context)
