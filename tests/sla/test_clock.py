"""Property and unit tests of business time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sellerdesk.sla.clock import Calendar, add_running_time, running_time_between

NINE_TO_SIX = ((time(9), time(18)),)
SHANGHAI_WEEK = Calendar(
    tz="Asia/Shanghai",
    hours={d: NINE_TO_SIX for d in range(5)},
    closed=frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 5)}),
)
NEW_YORK_WEEK = Calendar(tz="America/New_York", hours={d: NINE_TO_SIX for d in range(5)})
BERLIN_ALL_DAY = Calendar(tz="Europe/Berlin", hours={d: ((time(0), time(0)),) for d in range(7)})
CALENDARS = [None, SHANGHAI_WEEK, NEW_YORK_WEEK, BERLIN_ALL_DAY]

moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
targets = st.integers(min_value=0, max_value=200 * 60).map(lambda m: timedelta(minutes=m))


def _is_working(moment: datetime, cal: Calendar) -> bool:
    local = moment.astimezone(ZoneInfo(cal.tz))
    for day in (local.date(), local.date() - timedelta(days=1)):
        if day in cal.closed:
            continue
        for a, b in cal.hours.get(day.weekday(), ()):
            start = datetime.combine(day, a, tzinfo=ZoneInfo(cal.tz))
            end_day = day + timedelta(days=1) if b == time(0) else day
            end = datetime.combine(end_day, b, tzinfo=ZoneInfo(cal.tz))
            if start <= local <= end:
                return True
    return False


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CALENDARS), moments, targets)
def test_deadline_never_before_start_and_round_trips(cal, start, target):
    due = add_running_time(start, target, cal)
    assert due >= start
    assert running_time_between(start, due, cal) == target


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([SHANGHAI_WEEK, NEW_YORK_WEEK]), moments, targets)
def test_deadline_lands_in_working_time_skipping_weekends_and_holidays(cal, start, target):
    assume(target > timedelta(0))
    due = add_running_time(start, target, cal)
    assert _is_working(due, cal)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    moments,
    targets.filter(lambda t: t > timedelta(0)),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=96 * 60).map(lambda m: timedelta(minutes=m)),
)
def test_a_pause_extends_the_deadline_by_exactly_the_paused_business_time(
    cal, start, target, where, length
):
    original = add_running_time(start, target, cal)
    pause_start = start + (original - start) * where
    assume(pause_start < original)
    pause = (pause_start, pause_start + length)
    extended = add_running_time(start, target, cal, [pause])
    paused_business_time = running_time_between(pause[0], pause[1], cal)
    assert running_time_between(original, extended, cal) == paused_business_time
    assert extended >= original


def test_open_pause_stops_the_clock():
    start = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
    pause = (start + timedelta(hours=1), None)
    assert add_running_time(start, timedelta(hours=24), None, [pause]) is None
    assert add_running_time(start, timedelta(minutes=30), None, [pause]) == start + timedelta(
        minutes=30
    )
    assert add_running_time(start, timedelta(hours=24), SHANGHAI_WEEK, [pause]) is None


def test_24x7_is_plain_hours():
    start = datetime(2026, 3, 7, 12, tzinfo=UTC)
    assert add_running_time(start, timedelta(hours=72)) == start + timedelta(hours=72)


def test_weekend_is_skipped():
    # Friday 17:00 Shanghai + 2 working hours = Monday 10:00.
    friday = datetime(2026, 11, 27, 17, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = add_running_time(friday, timedelta(hours=2), SHANGHAI_WEEK)
    assert due == datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_national_day_holidays_are_skipped():
    # Wednesday 30 Sep 17:00 + 2 h: 1–2 Oct closed, 3–4 weekend, 5 Oct closed → 6 Oct 10:00.
    start = datetime(2026, 9, 30, 17, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = add_running_time(start, timedelta(hours=2), SHANGHAI_WEEK)
    assert due == datetime(2026, 10, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_spring_forward_day_has_23_hours():
    # New York, 8 March 2026: clocks jump from 02:00 to 03:00.
    start = datetime(2026, 3, 8, 0, 0, tzinfo=ZoneInfo("America/New_York"))
    all_day = Calendar(tz="America/New_York", hours={d: ((time(0), time(0)),) for d in range(7)})
    due = add_running_time(start, timedelta(hours=24), all_day)
    assert due.astimezone(ZoneInfo("America/New_York")) == datetime(
        2026, 3, 9, 1, 0, tzinfo=ZoneInfo("America/New_York")
    )


def test_fall_back_keeps_working_hours_in_wall_time():
    # Berlin, 25 October 2026 (Sunday) clocks go back; Monday 9:00 local is 08:00 UTC after it.
    berlin = Calendar(tz="Europe/Berlin", hours={d: NINE_TO_SIX for d in range(5)})
    friday_evening = datetime(2026, 10, 23, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    due = add_running_time(friday_evening, timedelta(hours=2), berlin)
    assert due == datetime(2026, 10, 26, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert due.astimezone(UTC).hour == 9


def test_calendar_without_working_time_is_an_error():
    with pytest.raises(ValueError):
        add_running_time(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1), Calendar("UTC", {}))


def test_invalid_period_is_refused():
    with pytest.raises(ValueError):
        Calendar("UTC", {0: ((time(18), time(9)),)})
