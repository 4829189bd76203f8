"""Reads of training events: what is coming up, one's own registrations, the list staff mark
attendance on, and the statistics: attendance per city and quarter, events per seller per
quarter (the seed's "2.3 events per seller per quarter")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.lib.errors import NotFound

from .models import Registration, TrainingEvent


def events_upcoming(
    *, kind: str | None = None, city: str | None = None, now: datetime | None = None
) -> QuerySet[TrainingEvent]:
    now = now or timezone.now()
    qs = TrainingEvent.objects.filter(status=TrainingEvent.Status.SCHEDULED, ends_at__gte=now)
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city=city)
    return qs.order_by("starts_at", "id")


def event_cities() -> list[str]:
    return list(
        TrainingEvent.objects.exclude(city="")
        .values_list("city", flat=True)
        .distinct()
        .order_by("city")
    )


def event_get(pk: int) -> TrainingEvent:
    event = TrainingEvent.objects.filter(pk=pk).select_related("host").first()
    if event is None:
        raise NotFound("No such training event.")
    return event


def registration_of(user: User, event: TrainingEvent) -> Registration | None:
    return (
        event.registrations.filter(user=user, status__in=Registration.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITING
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of(user: User, *, include_past: bool = True) -> QuerySet[Registration]:
    qs = Registration.objects.filter(user=user).select_related("event")
    if not include_past:
        qs = qs.filter(event__ends_at__gte=timezone.now())
    return qs.order_by("-event__starts_at", "-id")


def registration_get_for(user: User, pk: int) -> Registration:
    """One's own registration; staff may see anyone's."""
    qs = Registration.objects.select_related("event", "user")
    if not (user.is_agent or user.is_operator or user.is_superuser):
        qs = qs.filter(user=user)
    registration = qs.filter(pk=pk).first()
    if registration is None:
        raise NotFound("No such registration.")
    return registration


def event_registrations(event: TrainingEvent) -> QuerySet[Registration]:
    return event.registrations.select_related("user", "seller").order_by("status", "created_at")


# --- statistics ----------------------------------------------------------------------------


def quarter_label(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


@dataclass
class CityQuarter:
    city: str
    quarter: str
    events: int
    registered: int
    attended: int


def attendance_by_city_quarter(
    *, start: datetime | None = None, end: datetime | None = None
) -> list[CityQuarter]:
    """Per city (blank for phone and online events) and quarter of the event's start: events
    held, confirmed registrations, and people marked as attended."""
    qs = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    if start:
        qs = qs.filter(event__starts_at__gte=start)
    if end:
        qs = qs.filter(event__starts_at__lt=end)
    rows = (
        qs.annotate(quarter=TruncQuarter("event__starts_at"))
        .values("event__city", "quarter")
        .annotate(
            events=Count("event", distinct=True),
            registered=Count("id"),
            attended=Count("id", filter=Q(attended=True)),
        )
        .order_by("quarter", "-attended", "event__city")
    )
    return [
        CityQuarter(
            city=row["event__city"],
            quarter=quarter_label(row["quarter"]),
            events=row["events"],
            registered=row["registered"],
            attended=row["attended"],
        )
        for row in rows
    ]


@dataclass
class SellerQuarter:
    quarter: str
    sellers: int
    attendances: int

    @property
    def events_per_seller(self) -> float:
        return self.attendances / self.sellers if self.sellers else 0.0


def events_per_seller_by_quarter(
    *, start: datetime | None = None, end: datetime | None = None
) -> tuple[list[SellerQuarter], dict[tuple[str, str], int]]:
    """Per quarter: how many seller accounts attended at least one event and the average
    number of events each attended; plus the count per (seller code, quarter)."""
    qs = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, attended=True, seller__isnull=False
    )
    if start:
        qs = qs.filter(event__starts_at__gte=start)
    if end:
        qs = qs.filter(event__starts_at__lt=end)
    rows = (
        qs.annotate(quarter=TruncQuarter("event__starts_at"))
        .values("seller__code", "quarter")
        .annotate(events=Count("event", distinct=True))
        .order_by("quarter", "seller__code")
    )
    per_seller: dict[tuple[str, str], int] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        quarter = quarter_label(row["quarter"])
        per_seller[(row["seller__code"], quarter)] = row["events"]
        totals[quarter][0] += 1
        totals[quarter][1] += row["events"]
    quarters = [SellerQuarter(q, sellers, events) for q, (sellers, events) in totals.items()]
    return quarters, per_seller
