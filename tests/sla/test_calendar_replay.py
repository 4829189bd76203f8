"""Calendars and SLA settings edited in the admin replay the open cases they govern (their
stored deadlines move) and leave one audit event each."""

from __future__ import annotations

import json
import zoneinfo
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import sla_config
from sellerdesk.sla.models import BusinessCalendar, SlaSettings

from ..test_admin_audit import errors_of, form_values

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEEKDAYS_9_TO_18 = {str(day): [["09:00", "18:00"]] for day in range(5)}


@pytest.fixture
def client_of(operator):
    client = Client()
    client.force_login(operator)
    return client


def _deadlines(case):
    case.refresh_from_db()
    return case.first_response_due_at, case.due_at, case.sla_check_at


def _add_calendar(client, team, hours=WEEKDAYS_9_TO_18):
    url = "/admin/sla/businesscalendar/add/"
    data = form_values(client.get(url).content.decode())
    data.update(
        {
            "name": ["Seller support, Shenzhen"],
            "time_zone": ["Asia/Shanghai"],
            "hours": [json.dumps(hours)],
            "team": [str(team.pk)],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    return BusinessCalendar.objects.get(team=team, site__isnull=True)


def test_a_calendar_added_then_closed_a_day_in_the_admin_moves_open_deadlines(
    make_case, operator, client_of
):
    case = make_case()  # order fulfilment: 72 h first response, on the 24×7 clock
    other = make_case(case_type="account-deactivation", fields={})
    first_due, due, _ = _deadlines(case)
    assert first_due == case.created_at + timedelta(hours=72)

    calendar = _add_calendar(client_of, case.team)
    working_first_due, working_due, _ = _deadlines(case)
    # 72 running hours of 9-hour weekdays end more than a week later.
    assert working_first_due > first_due + timedelta(days=4)
    assert working_due == min(working_first_due, case.resolution_due_at or working_first_due)
    event = AuditEvent.objects.get(action="business_calendar.saved", object_id=str(calendar.pk))
    assert event.actor == operator
    assert event.after["hours"] == WEEKDAYS_9_TO_18 and event.after["team_id"] == case.team_id

    # Close a working day before the deadline through the inline: the deadline moves again.
    today = timezone.now().astimezone(SHANGHAI).date()
    closed = next(
        today + timedelta(days=n)
        for n in range(2, 10)
        if (today + timedelta(days=n)).weekday() < 5
        and today + timedelta(days=n) < working_first_due.astimezone(SHANGHAI).date()
    )
    url = f"/admin/sla/businesscalendar/{calendar.pk}/change/"
    data = form_values(client_of.get(url).content.decode())
    data.update({"closures-0-date": [closed.isoformat()], "closures-0-reason": ["Offsite"]})
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert list(calendar.closures.values_list("date", flat=True)) == [closed]
    closed_first_due, closed_due, _ = _deadlines(case)
    assert closed_first_due > working_first_due and closed_due > working_due
    edit = AuditEvent.objects.filter(action="business_calendar.saved").latest("pk")
    assert edit.actor == operator
    assert (edit.before, edit.after) == (
        {"closures": []},
        {"closures": [f"{closed.isoformat()} Offsite"]},
    )
    # The other team's case is not on this calendar.
    other_first_due, _, _ = _deadlines(other)
    assert other_first_due == other.created_at + timedelta(hours=24)

    # Deleting the calendar puts its cases back on the 24×7 clock.
    response = client_of.post(f"/admin/sla/businesscalendar/{calendar.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _deadlines(case)[0] == first_due
    assert AuditEvent.objects.filter(action="business_calendar.deleted", actor=operator).exists()


def test_an_sla_settings_edit_in_the_admin_replays_warnings(make_case, operator, client_of):
    case = make_case()
    _, _, check_at = _deadlines(case)
    assert check_at == case.created_at + timedelta(hours=54)  # 75 % of 72 h
    settings = SlaSettings.current()
    url = f"/admin/sla/slasettings/{settings.pk}/change/"
    data = form_values(client_of.get(url).content.decode())
    data["warn_at_percent"] = ["50"]
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert _deadlines(case)[2] == case.created_at + timedelta(hours=36)
    event = AuditEvent.objects.get(action="sla_settings.saved")
    assert (event.actor, event.before, event.after) == (
        operator,
        {"warn_at_percent": 75},
        {"warn_at_percent": 50},
    )


def test_settings_that_no_deadline_reads_replay_nothing(make_case, operator):
    make_case()
    settings = SlaSettings.current()
    settings.seller_escalation_after_hours = 96
    assert sla_config.sla_settings_save(actor=operator, settings=settings) == 0
    assert AuditEvent.objects.filter(action="sla_settings.saved").count() == 1
    settings.warn_at_percent = 60
    assert sla_config.sla_settings_save(actor=operator, settings=settings) == 1


def test_a_calendar_moved_to_another_team_replays_both_teams(make_case, operator):
    case = make_case()
    other = make_case(case_type="account-deactivation", fields={})
    assert case.team_id != other.team_id
    calendar = BusinessCalendar(
        name="Shenzhen", time_zone="Asia/Shanghai", hours=WEEKDAYS_9_TO_18, team=case.team
    )
    sla_config.business_calendar_save(actor=operator, calendar=calendar)
    on_calendar = _deadlines(case)[0]
    assert on_calendar > case.created_at + timedelta(hours=72)
    calendar.team = other.team
    assert sla_config.business_calendar_save(actor=operator, calendar=calendar) == 2
    assert _deadlines(case)[0] == case.created_at + timedelta(hours=72)
    assert _deadlines(other)[0] > other.created_at + timedelta(hours=24)


def test_a_replay_costs_the_same_for_twelve_cases_as_for_three(make_case, seller_a):
    """Replaying open cases reads policies and calendars once and each chunk's cases and
    pauses once: its statements do not grow with the number of cases."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.cases.deadlines import cases_recompute
    from sellerdesk.cases.models import Case

    us = seller_a.sites.get(code="US")
    BusinessCalendar.objects.create(
        name="US desk", time_zone="America/New_York", hours=WEEKDAYS_9_TO_18, site=us
    )
    cases = [make_case(subject=f"case {i}") for i in range(12)]
    counts = []
    for some in (cases[:3], cases):
        with CaptureQueriesContext(connection) as queries:
            assert cases_recompute(Case.objects.filter(pk__in=[c.pk for c in some])) == len(some)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
