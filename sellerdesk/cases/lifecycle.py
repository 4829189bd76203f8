"""The case state machine (pure). Services ask it where an event takes a case; anything not
in the table is refused, so no code path can move a case somewhere the process does not allow.

    new ──take/agent reply──▶ open ──request info──▶ awaiting_seller ──seller reply──▶ open
    new/open/awaiting_seller ──resolve──▶ resolved ──quiet period──▶ closed
    new/open/awaiting_seller ──merged into another case──▶ closed (as a duplicate)
    resolved/closed ──reopen (within the window)──▶ open
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    AWAITING_SELLER = "awaiting_seller"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Event(StrEnum):
    TAKE = "take"
    AGENT_REPLY = "agent_reply"
    REQUEST_INFO = "request_info"
    SELLER_REPLY = "seller_reply"
    INTERNAL_NOTE = "internal_note"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    AUTO_CLOSE = "auto_close"
    MERGE = "merge"


S, E = Status, Event
ACTIVE = (S.NEW, S.OPEN, S.AWAITING_SELLER)  # support still owes the seller something
FINISHED = (S.RESOLVED, S.CLOSED)
# The model field's choices (labels are translated where they are shown: web labels).
CHOICES = [(s.value, s.value.replace("_", " ").capitalize()) for s in Status]

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    **{(s, E.TAKE): (S.OPEN if s == S.NEW else s) for s in ACTIVE},
    **{(s, E.AGENT_REPLY): S.OPEN for s in ACTIVE},
    **{(s, E.REQUEST_INFO): S.AWAITING_SELLER for s in ACTIVE},
    **{(s, E.INTERNAL_NOTE): s for s in (*ACTIVE, S.RESOLVED, S.CLOSED)},
    (S.NEW, E.SELLER_REPLY): S.NEW,
    (S.OPEN, E.SELLER_REPLY): S.OPEN,
    (S.AWAITING_SELLER, E.SELLER_REPLY): S.OPEN,
    **{(s, E.RESOLVE): S.RESOLVED for s in ACTIVE},
    (S.RESOLVED, E.REOPEN): S.OPEN,
    (S.CLOSED, E.REOPEN): S.OPEN,
    (S.RESOLVED, E.AUTO_CLOSE): S.CLOSED,
    **{(s, E.MERGE): S.CLOSED for s in ACTIVE},
}


class TransitionRefused(Exception):
    def __init__(self, status: str, event: str):
        super().__init__(f"a case in status {status!r} does not allow {event!r}")
        self.status, self.event = status, event


def next_status(status: str, event: str) -> Status:
    try:
        return TRANSITIONS[(Status(status), Event(event))]
    except KeyError:
        raise TransitionRefused(status, event) from None


def allowed_events(status: str) -> set[Event]:
    return {event for (s, event) in TRANSITIONS if s == Status(status)}
