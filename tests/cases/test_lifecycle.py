"""The case state machine and the pure deadline helpers."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

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
    closed from resolved (the quiet period) or by being merged into another case."""
    status = S.NEW
    for event in events:
        if event not in lifecycle.allowed_events(status):
            with pytest.raises(lifecycle.TransitionRefused):
                lifecycle.next_status(status, event)
            continue
        new = lifecycle.next_status(status, event)
        assert new in S
        if new == S.CLOSED and status != S.CLOSED:
            assert (status, event) == (S.RESOLVED, E.AUTO_CLOSE) or (
                status in lifecycle.ACTIVE and event == E.MERGE
            )
        status = new


T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _case(**overrides):
    values = {
        "status": "open",
        "first_response_at": None,
        "first_response_due_at": T0 + timedelta(hours=24),
        "first_response_breached_at": None,
        "next_response_started_at": None,
        "next_response_due_at": None,
        "next_response_breached_at": None,
        "resolution_due_at": T0 + timedelta(days=5),
        "resolution_breached_at": None,
        "resolved_at": None,
        "sla_warned": [],
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_states_from_the_stored_columns():
    states = sla.target_states(_case(), T0)
    assert {k: v["state"] for k, v in states.items()} == {
        "first_response": "on_track",
        "next_response": "none",
        "resolution": "on_track",
    }
    late = sla.target_states(_case(), T0 + timedelta(hours=25))["first_response"]
    assert late["state"] == "breached" and late["breached_at"] == T0 + timedelta(hours=24)
    warned = _case(sla_warned=["first_response"])
    assert sla.target_states(warned, T0)["first_response"]["state"] == "at_risk"
    paused = _case(status="awaiting_seller", first_response_at=T0, resolution_due_at=None)
    assert sla.target_states(paused, T0)["resolution"]["state"] == "paused"
    assert sla.target_states(paused, T0)["first_response"]["state"] == "met"


def test_met_late_is_breached_and_resolution_without_reply_stops_first_response():
    late = _case(first_response_at=T0 + timedelta(hours=30))
    assert sla.target_states(late, T0 + timedelta(days=2))["first_response"]["state"] == "breached"
    resolved = _case(status="resolved", resolved_at=T0 + timedelta(hours=2))
    states = sla.target_states(resolved, T0 + timedelta(days=9))
    assert states["first_response"]["state"] == "met"
    assert states["resolution"]["state"] == "met"
    assert sla.overall_state(resolved, T0 + timedelta(days=9)) == "met"


def test_next_response_warning_is_per_clock_run():
    started = T0 + timedelta(hours=3)
    case = _case(
        first_response_at=T0 + timedelta(hours=1),
        next_response_started_at=started,
        next_response_due_at=started + timedelta(hours=24),
        sla_warned=[f"next_response@{started.isoformat()}"],
    )
    assert sla.target_states(case, started)["next_response"]["state"] == "at_risk"
    assert sla.overall_state(case, started) == "at_risk"
    case.sla_warned = ["next_response@2020-01-01T00:00:00+00:00"]
    assert sla.target_states(case, started)["next_response"]["state"] == "on_track"
