"""The case state machine and the pure deadline helpers."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.cases import lifecycle, sla
from sellerdesk.cases.lifecycle import Event as E
from sellerdesk.cases.lifecycle import Status as S


@pytest.mark.parametrize(
    ("status", "event", "expected"),
    [
        (S.NEW, E.TAKE, S.OPEN),
        (S.OPEN, E.TAKE, S.OPEN),
        (S.AWAITING_SELLER, E.TAKE, S.AWAITING_SELLER),
        (S.NEW, E.AGENT_REPLY, S.OPEN),
        (S.AWAITING_SELLER, E.AGENT_REPLY, S.OPEN),
        (S.OPEN, E.REQUEST_INFO, S.AWAITING_SELLER),
        (S.AWAITING_SELLER, E.SELLER_REPLY, S.OPEN),
        (S.NEW, E.SELLER_REPLY, S.NEW),
        (S.OPEN, E.INTERNAL_NOTE, S.OPEN),
        (S.CLOSED, E.INTERNAL_NOTE, S.CLOSED),
        (S.OPEN, E.RESOLVE, S.RESOLVED),
        (S.AWAITING_SELLER, E.RESOLVE, S.RESOLVED),
        (S.RESOLVED, E.REOPEN, S.OPEN),
        (S.CLOSED, E.REOPEN, S.OPEN),
        (S.RESOLVED, E.AUTO_CLOSE, S.CLOSED),
    ],
)
def test_allowed_transitions(status, event, expected):
    assert lifecycle.next_status(status, event) == expected


@pytest.mark.parametrize(
    ("status", "event"),
    [
        (S.RESOLVED, E.AGENT_REPLY),
        (S.CLOSED, E.AGENT_REPLY),
        (S.RESOLVED, E.RESOLVE),
        (S.CLOSED, E.SELLER_REPLY),
        (S.OPEN, E.REOPEN),
        (S.NEW, E.AUTO_CLOSE),
        (S.OPEN, E.AUTO_CLOSE),
        (S.CLOSED, E.REQUEST_INFO),
    ],
)
def test_refused_transitions(status, event):
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.next_status(status, event)


@given(st.lists(st.sampled_from(list(E)), max_size=30))
def test_any_sequence_stays_in_the_machine(events):
    """Whatever is thrown at a case, it is always in a known status, and it only ever becomes
    closed from resolved."""
    status = S.NEW
    for event in events:
        if event not in lifecycle.allowed_events(status):
            with pytest.raises(lifecycle.TransitionRefused):
                lifecycle.next_status(status, event)
            continue
        new = lifecycle.next_status(status, event)
        assert new in S
        if new == S.CLOSED and status != S.CLOSED:
            assert status == S.RESOLVED
        status = new


T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_deadline_is_calendar_hours():
    assert sla.deadline(T0, 24) == T0 + timedelta(hours=24)
    with pytest.raises(ValueError):
        sla.deadline(T0.replace(tzinfo=None), 24)
    with pytest.raises(ValueError):
        sla.deadline(T0, -1)


@given(st.integers(min_value=0, max_value=24 * 365))
def test_deadline_never_before_start(hours):
    assert sla.deadline(T0, hours) >= T0


def test_soonest_due():
    first, resolution = T0 + timedelta(hours=24), T0 + timedelta(days=5)
    args = {
        "first_response_due_at": first,
        "next_response_due_at": None,
        "resolution_due_at": resolution,
    }
    assert sla.soonest_due(status="new", first_response_at=None, **args) == first
    # Once the first response is given, the resolution target is what remains.
    assert sla.soonest_due(status="open", first_response_at=T0, **args) == resolution
    assert sla.soonest_due(status="resolved", first_response_at=None, **args) is None
    assert sla.soonest_due(status="closed", first_response_at=T0, **args) is None


def test_target_state():
    due = T0 + timedelta(hours=24)
    assert sla.target_state(due_at=None, met_at=None, now=T0) == "none"
    assert sla.target_state(due_at=due, met_at=None, now=T0) == "on_track"
    assert sla.target_state(due_at=due, met_at=None, now=due + timedelta(seconds=1)) == "breached"
    assert sla.target_state(due_at=due, met_at=due, now=due + timedelta(days=9)) == "met"
    assert sla.target_state(due_at=due, met_at=due + timedelta(minutes=1), now=T0) == "breached"
