"""Training events: seats and the waiting list, cancellation and promotion, attendance,
reminders, permissions and statistics."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.knowledge.models import Registration, TrainingEvent
from sellerdesk.knowledge.training import attendance as attendance_services
from sellerdesk.knowledge.training import selectors as training_selectors
from sellerdesk.knowledge.training import services as training_services
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed
from sellerdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db
CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


def register(user, event, **kw):
    return training_services.registration_create(actor=user, event=event, **kw)


def test_seats_then_waiting_list_in_order(make_event, sellers):
    event = make_event(capacity=2)
    regs = [register(u, event) for u in sellers[:4]]
    assert [r.status for r in regs] == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    event.refresh_from_db()
    assert event.confirmed_count == 2 and event.seats_left == 0
    assert training_selectors.waiting_position(regs[2]) == 1
    assert training_selectors.waiting_position(regs[3]) == 2
    kinds = Notification.objects.in_app().values_list("kind", flat=True)
    assert sorted(kinds) == ["training.registered"] * 2 + ["training.waitlisted"] * 2


def test_cancelling_a_seat_promotes_the_first_waiting(make_event, sellers):
    event = make_event(capacity=1)
    first, second, third = (register(u, event) for u in sellers[:3])
    training_services.registration_cancel(actor=sellers[0], registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    event.refresh_from_db()
    assert (second.status, third.status) == (CONFIRMED, WAITING)
    assert event.confirmed_count == 1
    assert training_selectors.waiting_position(third) == 1
    promoted = Notification.objects.emails().get(recipient=sellers[1], kind="training.promoted")
    assert "A seat opened" in promoted.subject
    assert (
        AuditEvent.objects.filter(
            action="training.promoted", actor_label="system:training.waiting_list"
        ).count()
        == 1
    )


def test_cancelling_a_waiting_place_keeps_the_seats(make_event, sellers):
    event = make_event(capacity=1)
    register(sellers[0], event)
    waiting = register(sellers[1], event)
    training_services.registration_cancel(actor=sellers[1], registration=waiting)
    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert Registration.objects.get(user=sellers[0]).status == CONFIRMED


def test_cancelling_with_nobody_waiting_frees_the_seat(make_event, sellers):
    event = make_event(capacity=2)
    reg = register(sellers[0], event)
    training_services.registration_cancel(actor=sellers[0], registration=reg)
    event.refresh_from_db()
    assert event.confirmed_count == 0
    again = register(sellers[0], event)  # may register again after cancelling
    assert again.status == CONFIRMED


def test_one_active_registration_per_person(make_event, sellers):
    event = make_event()
    register(sellers[0], event)
    with pytest.raises(Conflict):
        register(sellers[0], event)


def test_cancel_twice_and_cancel_someone_elses(make_event, sellers):
    event = make_event()
    reg = register(sellers[0], event)
    with pytest.raises(Forbidden):
        training_services.registration_cancel(actor=sellers[1], registration=reg)
    training_services.registration_cancel(actor=sellers[0], registration=reg)
    with pytest.raises(Conflict):
        training_services.registration_cancel(actor=sellers[0], registration=reg)


def test_no_cancelling_once_the_event_has_started(make_event, sellers, agent_ss):
    event = make_event(capacity=1)
    seat = register(sellers[0], event)
    waiting = register(sellers[1], event)
    later = event.starts_at + timedelta(minutes=5)
    for registration in (seat, waiting):
        for actor in (registration.user, agent_ss):
            with pytest.raises(Conflict):
                training_services.registration_cancel(
                    actor=actor, registration=registration, now=later
                )
    assert set(Registration.objects.values_list("status", flat=True)) == {CONFIRMED, WAITING}
    assert not AuditEvent.objects.filter(action="training.cancelled").exists()


def test_no_cancelling_an_attended_registration(make_event, sellers, agent_ss):
    event = make_event(capacity=1)
    seat = register(sellers[0], event)
    later = event.starts_at + timedelta(minutes=5)
    attendance_services.attendance_mark(actor=agent_ss, registration=seat, attended=True, now=later)
    # Even if the event were moved later afterwards, the recorded attendance stands.
    TrainingEvent.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at + timedelta(days=30), ends_at=event.ends_at + timedelta(days=30)
    )
    with pytest.raises(Conflict):
        training_services.registration_cancel(actor=sellers[0], registration=seat, now=later)
    seat.refresh_from_db()
    assert seat.status == CONFIRMED and seat.attended is True
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_only_sellers_register_and_only_for_future_events(make_event, sellers, agent_ss):
    with pytest.raises(Forbidden):
        register(agent_ss, make_event())
    past = make_event(starts_in=timedelta(days=-1))
    with pytest.raises(Conflict):
        register(sellers[0], past)


def test_registration_records_the_seller_account(make_event, seller_owner, seller_a):
    reg = register(seller_owner, make_event())
    assert reg.seller == seller_a


def test_event_validation_names_each_field(db):
    now = timezone.now()
    with pytest.raises(ValidationFailed) as exc:
        training_services.event_create(
            actor=None,
            kind="salon",
            title_en="x",
            starts_at=now,
            ends_at=now - timedelta(hours=1),
            capacity=0,
            time_zone="Mars/Olympus",
            join_url="javascript:x",
        )
    fields = {e.field for e in exc.value.errors}
    assert fields == {"ends_at", "capacity", "time_zone", "city", "venue", "join_url"}


def test_sellers_cannot_schedule_events(make_event, seller_owner):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(Forbidden):
        training_services.event_create(
            actor=seller_owner,
            kind="online",
            title_en="x",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=5,
        )


def test_more_capacity_promotes_the_waiting_list(make_event, sellers, agent_ss):
    event = make_event(capacity=1)
    regs = [register(u, event) for u in sellers[:4]]
    training_services.event_update(actor=agent_ss, event=event, capacity=3)
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == [CONFIRMED, CONFIRMED, CONFIRMED, WAITING]
    with pytest.raises(ValidationFailed):
        training_services.event_update(actor=agent_ss, event=event, capacity=2)


def test_cancelling_an_event_cancels_and_tells_everyone(make_event, sellers, agent_ss):
    event = make_event(capacity=1)
    register(sellers[0], event)
    register(sellers[1], event)
    training_services.event_cancel(actor=agent_ss, event=event)
    assert set(Registration.objects.values_list("status", flat=True)) == {CANCELLED}
    assert Notification.objects.in_app().filter(kind="training.cancelled").count() == 2
    event.refresh_from_db()
    assert event.status == TrainingEvent.Status.CANCELLED and event.confirmed_count == 0


def test_attendance_is_staff_only_for_confirmed_after_the_start(make_event, sellers, agent_ss):
    event = make_event(capacity=1)
    seat = register(sellers[0], event)
    waiting = register(sellers[1], event)
    with pytest.raises(Conflict):
        attendance_services.attendance_mark(actor=agent_ss, registration=seat, attended=True)
    later = event.starts_at + timedelta(minutes=5)
    with pytest.raises(Forbidden):
        attendance_services.attendance_mark(
            actor=sellers[0], registration=seat, attended=True, now=later
        )
    with pytest.raises(Conflict):
        attendance_services.attendance_mark(
            actor=agent_ss, registration=waiting, attended=True, now=later
        )
    attendance_services.attendance_mark(actor=agent_ss, registration=seat, attended=True, now=later)
    seat.refresh_from_db()
    assert seat.attended is True
    assert AuditEvent.objects.filter(action="training.attendance").count() == 1


def test_reminders_go_once_the_day_before(make_event, sellers, settings):
    soon = make_event(capacity=1, starts_in=timedelta(hours=20))
    later = make_event(capacity=5, starts_in=timedelta(days=3))
    reg = register(sellers[0], soon)
    register(sellers[1], soon)  # waiting: not reminded
    register(sellers[2], later)  # not yet due
    assert attendance_services.reminders_send_due() == 1
    assert attendance_services.reminders_send_due() == 0
    reminders = Notification.objects.filter(kind="training.reminder")
    assert {n.recipient_id for n in reminders} == {sellers[0].pk}
    assert {n.dedupe_key for n in reminders} == {f"training.reminder:{reg.pk}"}
    # Even if the claim were lost, the dedupe key keeps it to one notice per person.
    Registration.objects.filter(pk=reg.pk).update(reminder_sent_at=None)
    attendance_services.reminders_send_due()
    assert Notification.objects.filter(kind="training.reminder").count() == reminders.count()
    # Three days later the other event is due.
    assert (
        attendance_services.reminders_send_due(now=timezone.now() + timedelta(days=2, hours=6)) == 1
    )


def test_reminder_is_in_the_recipients_language_and_time_zone(make_event, seller_owner):
    event = make_event(starts_in=timedelta(hours=10))
    register(seller_owner, event)
    attendance_services.reminders_send_due()
    notice = Notification.objects.emails().get(kind="training.reminder")
    local = timezone.localtime(event.starts_at, timezone=ZoneInfo("Asia/Shanghai"))
    assert notice.subject.startswith("[sellerdesk] 明天见")
    assert local.strftime("%Y-%m-%d %H:%M") in notice.body
    assert "南山区科技园" in notice.body


def test_statistics_per_city_quarter_and_per_seller(make_event, sellers, seller2_owner, agent_ss):
    from datetime import UTC, datetime

    def at(month, day):
        start = datetime(2024, month, day, 6, 0, tzinfo=UTC)
        return {"starts_at": start, "ends_at": start + timedelta(hours=3)}

    shenzhen_q3 = make_event(capacity=5, city="深圳", **at(8, 1))
    hangzhou_q3 = make_event(capacity=5, city="杭州", **at(9, 20))
    online_q3 = make_event(capacity=5, kind="online", city="", venue="", **at(7, 3))
    shenzhen_q4 = make_event(capacity=5, city="深圳", **at(11, 5))
    for event in (shenzhen_q3, hangzhou_q3, online_q3, shenzhen_q4):
        for user in (sellers[0], sellers[1], seller2_owner):
            if event is shenzhen_q4 and user is seller2_owner:
                continue
            reg = register(user, event, now=event.starts_at - timedelta(days=3))
            attendance_services.attendance_mark(
                actor=agent_ss,
                registration=reg,
                attended=user != sellers[1],
                now=event.ends_at,
            )
    rows = {(r.city, r.quarter): r for r in training_selectors.attendance_by_city_quarter()}
    assert (rows[("深圳", "2024-Q3")].attended, rows[("深圳", "2024-Q3")].registered) == (2, 3)
    assert rows[("杭州", "2024-Q3")].events == 1
    assert rows[("", "2024-Q3")].attended == 2  # online and phone events have no city
    assert (rows[("深圳", "2024-Q4")].attended, rows[("深圳", "2024-Q4")].registered) == (1, 2)
    quarters, per_seller = training_selectors.events_per_seller_by_quarter()
    # Two people of one seller at one event count once for the seller.
    assert per_seller[("A1SELLER", "2024-Q3")] == 3
    assert per_seller[("B2SELLER", "2024-Q3")] == 3
    assert per_seller[("A1SELLER", "2024-Q4")] == 1
    by_quarter = {q.quarter: q for q in quarters}
    assert by_quarter["2024-Q3"].sellers == 2 and by_quarter["2024-Q3"].events_per_seller == 3.0
    assert by_quarter["2024-Q4"].events_per_seller == 1.0
