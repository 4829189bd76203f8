"""Every change of a case's status goes through ``move``: the lifecycle's table says where an
event takes the case (anything else is refused with a Conflict naming the case and the
status), and the SLA pause history follows the status. Services lock the case, call this,
then save and audit."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.lib.errors import Conflict

from . import lifecycle
from .deadlines import pause_sync
from .models import Case


def move(case: Case, event: lifecycle.Event, now: datetime) -> str:
    """Apply ``event`` to ``case`` (not saved); returns the status it had."""
    old = case.status
    try:
        case.status = lifecycle.next_status(case.status, event)
    except lifecycle.TransitionRefused as exc:
        raise Conflict(
            f"Case #{case.number} is {case.status}: cannot {event.value.replace('_', ' ')}."
        ) from exc
    pause_sync(case, old, case.status, now)
    return old
