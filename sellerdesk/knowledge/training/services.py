"""The only writers of training events and registrations: scheduling, registering (a seat or
the waiting list), cancelling (the first waiting person moves up), attendance, reminders.

Seats are claimed with a conditional update (``confirmed_count < capacity``) inside the
transaction that writes the registration, under a lock on the event row where the database
has one (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers already), and a check
constraint on the table refuses an overbooked row whatever the code does.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.notifications.services import notify

from .. import markdown
from .models import Registration, TrainingEvent


def _staff(actor: User | None) -> bool:
    return actor is None or actor.is_agent or actor.is_operator or actor.is_superuser


def _require_staff(actor: User | None) -> None:
    if not _staff(actor):
        raise Forbidden("Only support staff manage training events.")


def _link(event: TrainingEvent) -> str:
    return reverse("kb-event", args=[event.pk])


def _validate_event(values: dict) -> None:
    errors = []
    if values.get("kind") not in TrainingEvent.Kind.values:
        errors.append(FieldError("kind", "invalid", "phone, online or salon"))
    if not (values.get("title_en") or "").strip() and not (values.get("title_zh") or "").strip():
        errors.append(FieldError("title_en", "required", "a title in English or Chinese"))
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None or timezone.is_naive(starts):
        errors.append(FieldError("starts_at", "invalid", "a time with its time zone"))
    elif ends is None or timezone.is_naive(ends) or ends <= starts:
        errors.append(FieldError("ends_at", "invalid", "after the start"))
    try:
        ZoneInfo(values.get("time_zone") or "")
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(FieldError("time_zone", "invalid", "an IANA time zone, e.g. Asia/Shanghai"))
    if not isinstance(values.get("capacity"), int) or values["capacity"] < 1:
        errors.append(FieldError("capacity", "invalid", "at least 1"))
    if values.get("kind") == TrainingEvent.Kind.SALON:
        for name in ("city", "venue"):
            if not (values.get(name) or "").strip():
                errors.append(FieldError(name, "required", f"a city salon needs a {name}"))
    if values.get("join_url") and not markdown.is_safe_url(values["join_url"]):
        errors.append(FieldError("join_url", "invalid", "an http(s) link"))
    if errors:
        raise ValidationFailed("The training event is not valid.", errors)


@transaction.atomic
def event_create(
    *,
    actor: User | None,
    kind: str,
    title_en: str,
    title_zh: str = "",
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    time_zone: str = "Asia/Shanghai",
    language: str = "zh-hans",
    city: str = "",
    venue: str = "",
    join_url: str = "",
    description_en: str = "",
    description_zh: str = "",
    host: User | None = None,
    now: datetime | None = None,
) -> TrainingEvent:
    _require_staff(actor)
    values = dict(kind=kind, title_en=title_en, title_zh=title_zh, starts_at=starts_at)
    values.update(ends_at=ends_at, capacity=capacity, time_zone=time_zone, city=city)
    values.update(venue=venue, join_url=join_url)
    _validate_event(values)
    now = now or timezone.now()
    event = TrainingEvent.objects.create(
        **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()},
        language=language,
        description_en=description_en,
        description_zh=description_zh,
        host=host,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="training.event.created",
        obj=event,
        after={"kind": kind, "starts_at": starts_at, "capacity": capacity, "city": city},
        rule=None if actor else "training.demo",
        at=now,
    )
    return event


@transaction.atomic
def event_cancel(*, actor: User | None, event: TrainingEvent, now: datetime | None = None):
    """Cancel an event: every active registration is cancelled and told."""
    _require_staff(actor)
    now = now or timezone.now()
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if event.status == TrainingEvent.Status.CANCELLED:
        raise Conflict("The event is already cancelled.")
    registrations = list(
        event.registrations.filter(status__in=Registration.ACTIVE).select_related("user")
    )
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Registration.Status.CANCELLED, cancelled_at=now
    )
    TrainingEvent.objects.filter(pk=event.pk).update(
        status=TrainingEvent.Status.CANCELLED, confirmed_count=0
    )
    event.refresh_from_db()
    audit_record(
        actor=actor,
        action="training.event.cancelled",
        obj=event,
        before={"status": "scheduled"},
        after={"status": "cancelled", "registrations_cancelled": len(registrations)},
        at=now,
    )
    notify(
        recipients=[r.user for r in registrations],
        kind="training.cancelled",
        context={"event": event},
        link=_link(event),
        now=now,
    )
    return event


def _seller_of(actor: User, seller: Seller | None) -> Seller | None:
    memberships = {m.seller_id: m.seller for m in actor.seller_memberships.select_related("seller")}
    if seller is not None:
        if seller.pk not in memberships:
            raise Forbidden("You are not a member of that seller account.")
        return seller
    return next(iter(memberships.values()), None)


@transaction.atomic
def registration_create(
    *,
    actor: User,
    event: TrainingEvent,
    seller: Seller | None = None,
    now: datetime | None = None,
) -> Registration:
    """A seat when one is free, else a place on the waiting list. 409 when the person is
    already registered or waiting, or the event is cancelled or over."""
    if not actor.is_seller:
        raise Forbidden("Training events are for seller accounts.")
    now = now or timezone.now()
    seller = _seller_of(actor, seller)
    # Serialises registrations and cancellations of one event on PostgreSQL.
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if event.status != TrainingEvent.Status.SCHEDULED:
        raise Conflict("This event is cancelled.")
    if event.starts_at <= now:
        raise Conflict("This event has already started.")
    if event.registrations.filter(user=actor, status__in=Registration.ACTIVE).exists():
        raise Conflict("You are already registered for this event.")
    seat = TrainingEvent.objects.filter(pk=event.pk, confirmed_count__lt=F("capacity")).update(
        confirmed_count=F("confirmed_count") + 1
    )
    status = Registration.Status.CONFIRMED if seat else Registration.Status.WAITING
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                user=actor,
                seller=seller,
                status=status,
                created_at=now,
                confirmed_at=now if seat else None,
            )
    except IntegrityError as exc:  # the same person registering twice at the same moment
        raise Conflict("You are already registered for this event.") from exc
    audit_record(
        actor=actor,
        action="training.registered" if seat else "training.waitlisted",
        obj=registration,
        after={"event": event.pk, "status": status},
        at=now,
    )
    notify(
        recipients=[actor],
        kind="training.registered" if seat else "training.waitlisted",
        context={"event": event, "registration": registration},
        link=_link(event),
        now=now,
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, actor: User, registration: Registration, now: datetime | None = None
) -> Registration:
    """Give up a seat or a waiting place. A freed seat goes to the first person waiting.
    409 once the event has started or attendance is recorded: the register of who came (and
    the statistics built on it) is history, not something a late cancellation rewrites."""
    if actor.pk != registration.user_id and not _staff(actor):
        raise Forbidden("You can only cancel your own registration.")
    now = now or timezone.now()
    event = TrainingEvent.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise Conflict("This registration is already cancelled.")
    if registration.attended is not None or registration.attendance_marked_at is not None:
        raise Conflict("Attendance is recorded for this registration; it cannot be cancelled.")
    if event.starts_at <= now:
        raise Conflict("This event has already started; the registration cannot be cancelled.")
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    before = {"status": registration.status}
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    audit_record(
        actor=actor,
        action="training.cancelled",
        obj=registration,
        before=before,
        after={"status": registration.status},
        at=now,
    )
    if was_confirmed:
        _promote_or_free_seat(event, now)
    return registration


def _promote_or_free_seat(event: TrainingEvent, now: datetime) -> None:
    # The seat passes straight to the first person waiting: the count does not change.
    if event.status == TrainingEvent.Status.SCHEDULED and _promote_first_waiting(event, now):
        return
    TrainingEvent.objects.filter(pk=event.pk, confirmed_count__gt=0).update(
        confirmed_count=F("confirmed_count") - 1
    )


def _promote_first_waiting(event: TrainingEvent, now: datetime) -> bool:
    waiting = (
        event.registrations.filter(status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return False
    Registration.objects.filter(pk=waiting.pk).update(
        status=Registration.Status.CONFIRMED, confirmed_at=now
    )
    waiting.status = Registration.Status.CONFIRMED
    audit_record(
        actor=None,
        action="training.promoted",
        obj=waiting,
        before={"status": "waiting"},
        after={"status": "confirmed"},
        rule="training.waiting_list",
        at=now,
    )
    notify(
        recipients=[waiting.user],
        kind="training.promoted",
        context={"event": event, "registration": waiting},
        link=_link(event),
        now=now,
    )
    return True


EVENT_EDITABLE = (
    "kind",
    "title_en",
    "title_zh",
    "description_en",
    "description_zh",
    "language",
    "starts_at",
    "ends_at",
    "time_zone",
    "city",
    "venue",
    "join_url",
    "host",
    "capacity",
)


@transaction.atomic
def event_update(
    *, actor: User | None, event: TrainingEvent, now: datetime | None = None, **changes
) -> TrainingEvent:
    """Change an event. Capacity cannot drop below the seats already confirmed; added seats go
    to the waiting list in order."""
    _require_staff(actor)
    unknown = set(changes) - set(EVENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    now = now or timezone.now()
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    merged = {name: changes.get(name, getattr(event, name)) for name in EVENT_EDITABLE}
    _validate_event(merged)
    if merged["capacity"] < event.confirmed_count:
        raise ValidationFailed(
            "Capacity is below the confirmed seats.",
            [
                FieldError(
                    "capacity",
                    "too_small",
                    f"{event.confirmed_count} seats are confirmed; cancel registrations first",
                )
            ],
        )
    before = {name: getattr(event, name) for name in changes}
    for name, value in changes.items():
        setattr(event, name, value)
    event.save()
    audit_record(
        actor=actor,
        action="training.event.updated",
        obj=event,
        before={k: v for k, v in before.items() if k != "host"},
        after={k: v for k, v in changes.items() if k != "host"},
        at=now,
    )
    while event.status == TrainingEvent.Status.SCHEDULED:
        has_waiting = event.registrations.filter(status=Registration.Status.WAITING).exists()
        if not has_waiting:
            break
        seat = TrainingEvent.objects.filter(pk=event.pk, confirmed_count__lt=F("capacity")).update(
            confirmed_count=F("confirmed_count") + 1
        )
        if not seat:
            break
        _promote_first_waiting(event, now)
    event.refresh_from_db()
    return event
