"""Training pages: upcoming events, one event (register, cancel, calendar file), one's own
registrations, and for staff an event's attendance list and the training statistics. Thin:
read, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sellerdesk.lib.errors import DomainError, Forbidden, NotFound
from sellerdesk.lib.views import flash_error, seller_only, signed_in, staff_only

from ..views.period import report_period
from . import attendance, ics
from . import selectors as training_selectors
from . import services as training_services
from .cities import city_choices
from .models import Registration, TrainingEvent

KINDS = TrainingEvent.Kind


@signed_in
def events(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS.values else ""
    city = request.GET.get("city", "")
    cities = training_selectors.event_cities()
    city = city if city in cities else ""
    rows = training_selectors.events_upcoming(kind=kind or None, city=city or None)[:100]
    mine = {}
    if request.user.is_seller:
        mine = {
            r.event_id: r
            for r in Registration.objects.filter(
                user=request.user, status__in=Registration.ACTIVE, event__in=rows
            )
        }
    context = {
        "events": [(event, mine.get(event.pk)) for event in rows],
        "kinds": KINDS.choices,
        "kind": kind,
        "cities": city_choices(cities),
        "city": city,
    }
    return render(request, "knowledge/training/events.html", context)


@signed_in
def event(request, pk: int):
    item = training_selectors.event_get(pk)
    registration = training_selectors.registration_of(request.user, item)
    context = {
        "event": item,
        "registration": registration,
        "waiting_position": registration and training_selectors.waiting_position(registration),
        "started": item.starts_at <= timezone.now(),
    }
    return render(request, "knowledge/training/event.html", context)


@require_POST
@seller_only
def event_register(request, pk: int):
    item = training_selectors.event_get(pk)
    try:
        registration = training_services.registration_create(actor=request.user, event=item)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, gettext("You are registered. See you there!"))
        else:
            messages.success(
                request,
                gettext(
                    "The event is full: you are on the waiting list. "
                    "We will tell you if a seat opens."
                ),
            )
    return redirect("kb-event", pk=pk)


@require_POST
@signed_in
def registration_cancel(request, pk: int):
    registration = training_selectors.registration_get_for(request.user, pk)
    try:
        training_services.registration_cancel(actor=request.user, registration=registration)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("Your registration was cancelled."))
    next_url = request.POST.get("next") == "mine"
    return (
        redirect("kb-my-registrations")
        if next_url
        else redirect("kb-event", pk=registration.event_id)
    )


@seller_only
def my_registrations(request):
    rows = training_selectors.registrations_of(request.user)[:200]
    return render(
        request,
        "knowledge/training/my_registrations.html",
        {"registrations": rows, "now": timezone.now()},
    )


def _calendar_event(request, event: TrainingEvent) -> ics.CalendarEvent:
    location = ", ".join(part for part in (event.venue, event.city) if part)
    description = event.description_zh if event.language == "zh-hans" else event.description_en
    return ics.CalendarEvent(
        uid=f"training-{event.pk}@sellerdesk",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=(description or "") + (f"\n{event.join_url}" if event.join_url else ""),
        location=location or event.join_url,
        url=request.build_absolute_uri(reverse("kb-event", args=[event.pk])),
        cancelled=event.status == TrainingEvent.Status.CANCELLED,
    )


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@signed_in
def event_ics(request, pk: int):
    item = training_selectors.event_get(pk)
    body = ics.calendar([_calendar_event(request, item)], name="Seller University")
    return _ics_response(body, f"training-{item.pk}.ics")


@seller_only
def my_registrations_ics(request):
    rows = training_selectors.registrations_of(request.user).filter(
        status=Registration.Status.CONFIRMED
    )[:200]
    body = ics.calendar([_calendar_event(request, r.event) for r in rows], name="Seller University")
    return _ics_response(body, "my-training.ics")


# Staff (agents and operators)


@staff_only
def event_attendance(request, pk: int):
    event = training_selectors.event_get(pk)
    context = {
        "event": event,
        "registrations": training_selectors.event_registrations(event),
        "started": event.starts_at <= timezone.now(),
    }
    return render(request, "knowledge/training/staff/event.html", context)


@require_POST
@staff_only
def attendance_mark(request, pk: int):
    registration = training_selectors.registration_get_for(request.user, pk)
    try:
        attendance.attendance_mark(
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


@staff_only
def training_stats(request):
    start, end = report_period(request) if request.GET.get("from") else (None, None)
    quarters, _ = training_selectors.events_per_seller_by_quarter(start=start, end=end)
    context = {
        "cities": training_selectors.attendance_by_city_quarter(start=start, end=end),
        "quarters": quarters,
        "upcoming": training_selectors.events_upcoming()[:50],
    }
    return render(request, "knowledge/training/staff/training_stats.html", context)
