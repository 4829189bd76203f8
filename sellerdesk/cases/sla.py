"""A case's service level as stored on its row (pure over the case's attributes).

The SLA engine (sla/engine.py) computes the deadlines and the sweep records breaches and
warnings on the row; reading them back needs no query, so a queue page of 50 cases costs the
same as the page itself. The API and the web UI both read states through here.
"""

from __future__ import annotations

from datetime import datetime

from sellerdesk.sla.engine import warn_key

from .lifecycle import FINISHED, Status

TARGETS = ("first_response", "next_response", "resolution")
# For a single badge: the worst state wins.
SEVERITY = ["none", "met", "on_track", "paused", "at_risk", "breached"]


def _met_at(case, target: str) -> datetime | None:
    closed = case.status in FINISHED
    if target == "first_response":
        # Resolved without a reply: the first-response clock stopped at resolution.
        return case.first_response_at or (case.resolved_at if closed else None)
    if target == "resolution":
        return case.resolved_at if closed else None
    return None


def _warned(case, target: str) -> bool:
    if target == "next_response":
        started = case.next_response_started_at
        return started is not None and warn_key(target, started) in case.sla_warned
    return target in (case.sla_warned or [])


def target_states(case, now: datetime) -> dict[str, dict]:
    """``{target: {state, due_at, met_at, breached_at}}`` with state one of ``none``,
    ``on_track``, ``at_risk``, ``paused``, ``breached``, ``met``."""
    out = {}
    for target in TARGETS:
        due_at = getattr(case, f"{target}_due_at")
        recorded = getattr(case, f"{target}_breached_at")
        met_at = _met_at(case, target)
        running = target != "next_response" or case.next_response_started_at is not None
        if met_at is not None:
            late = (due_at is not None and met_at > due_at) or recorded is not None
            state = "breached" if late else "met"
        elif not running or case.status in FINISHED:
            state = "none"
        elif recorded is not None or (due_at is not None and now >= due_at):
            state = "breached"
        elif case.status == Status.AWAITING_SELLER:
            state = "paused"
        elif due_at is None:
            state = "none"
        elif _warned(case, target):
            state = "at_risk"
        else:
            state = "on_track"
        out[target] = {
            "state": state,
            "due_at": due_at,
            "met_at": met_at,
            "breached_at": (recorded or due_at) if state == "breached" else None,
        }
    return out


def overall_state(case, now: datetime) -> str:
    states = [v["state"] for v in target_states(case, now).values()]
    return max(states, key=SEVERITY.index)
