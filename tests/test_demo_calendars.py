"""The demo's business calendars: working hours in a zone with a country's public holidays,
made through the SLA configuration service, once, so the demo shows holidays on first start."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time

import holidays
import pytest
from django.test import Client

from sellerdesk import demo
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import sla_config
from sellerdesk.sla.calendars import calendar_for
from sellerdesk.sla.models import BusinessCalendar
from sellerdesk.sla.selectors import targets_by_type

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calendars(db):
    demo._ensure_calendars()
    return {c.team.code: c for c in BusinessCalendar.objects.select_related("team", "site")}


def test_the_demo_has_calendars_with_public_holidays(calendars):
    health, support = calendars["account-health"], calendars["seller-support"]
    assert (health.time_zone, health.holiday_country, health.site) == ("Asia/Shanghai", "CN", None)
    assert (support.time_zone, support.holiday_country) == ("America/Los_Angeles", "US")
    assert support.site.code == "US"
    # Made through the service: one audit event each.
    events = AuditEvent.objects.filter(action="business_calendar.saved")
    assert {e.object_id for e in events} == {str(health.pk), str(support.pk)}


def test_their_holidays_are_days_off(calendars):
    year = 2026
    cn_calendar = calendar_for(calendars["account-health"], year=year)
    us_calendar = calendar_for(calendars["seller-support"], year=year)
    national_day = date(year, 10, 1)  # 国庆节
    independence_day = date(year, 7, 4)
    assert national_day in holidays.country_holidays("CN", years=year)
    assert national_day in cn_calendar.closed
    assert independence_day in us_calendar.closed
    assert independence_day not in cn_calendar.closed


def test_loading_again_keeps_the_calendars_and_an_operators_edits(calendars, operator):
    health = calendars["account-health"]
    health.name = "Edited by the operator"
    sla_config.business_calendar_save(actor=operator, calendar=health)
    before = AuditEvent.objects.count()
    demo._ensure_calendars()
    assert BusinessCalendar.objects.count() == 2
    assert AuditEvent.objects.count() == before
    health.refresh_from_db()
    assert health.name == "Edited by the operator"


def test_the_admin_lists_the_demo_calendars_with_their_holidays(calendars, operator):
    client = Client()
    client.force_login(operator)
    html = client.get("/admin/sla/businesscalendar/").content.decode()
    assert "Account Health · Shenzhen office (CN holidays)" in html
    assert "Seller Support · US marketplace (US holidays)" in html


def test_cases_of_the_team_run_on_its_working_hours(calendars, make_case):
    opened = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # Saturday 10:00 in Shanghai
    case = make_case(case_type="account-deactivation", fields={}, now=opened)
    assert case.team.code == "account-health"
    due = case.first_response_due_at.astimezone(SHANGHAI)
    assert due.weekday() < 5 and time(9) <= due.time() <= time(18)
    assert due.time() < time(12) or due.time() >= time(13)  # not in the lunch break
    # The weekend does not count: the deadline is later than on the 24×7 clock.
    target = targets_by_type([case.case_type_id], case.tier)[case.case_type_id].first_response
    assert case.first_response_due_at > opened + target
