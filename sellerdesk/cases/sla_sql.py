"""The queue's SLA badge of an open case (``sla.overall_state``) as SQL, for counting by state
with one GROUP BY instead of reading every case into Python.

Only the two states a lead counts are expressed: ``breached`` and ``at_risk``; any other state
is the empty string. The rule is ``sla.target_states``'s, target by target, over the stored
columns (deadlines, recorded breaches, the warnings the SLA sweep recorded in ``sla_warned``),
so a case counted "at risk" here is the one the queue shows with the "At risk" badge.
``tests/cases/test_sla_sql.py`` checks the two agree on every combination of those columns.

One difference in how a warning is looked up: ``sla.py`` looks for the running next-response
clock's own key (``next_response@<start>``); here, for any next-response key. They agree
because the services drop the next-response keys whenever that clock stops
(``services._stop_next_response_clock``) and start it only when it is stopped, so a key
present while the clock runs is the current run's.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case as SqlCase
from django.db.models import CharField, F, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from .lifecycle import Status
from .models import Case

BREACHED, AT_RISK = "breached", "at_risk"
ATTENTION = (BREACHED, AT_RISK)
# The recorded warnings as text: a JSON list of keys on SQLite and on PostgreSQL alike.
_WARNED = "_sla_warned_text"


def _warned(pattern: str) -> Q:
    # Keys are matched with JSON's quotes: '"resolution"' is that key, not a part of another.
    return Q(**{f"{_WARNED}__contains": pattern})


def breached_q(now: datetime) -> Q:
    """An open case with any target breached: recorded by the sweep, past due, or (the first
    response) answered after its deadline."""
    first = (
        Q(first_response_breached_at__isnull=False)
        | Q(first_response_at__gt=F("first_response_due_at"))
        | Q(first_response_at__isnull=True, first_response_due_at__lte=now)
    )
    next_ = Q(next_response_started_at__isnull=False) & (
        Q(next_response_breached_at__isnull=False) | Q(next_response_due_at__lte=now)
    )
    resolution = Q(resolution_breached_at__isnull=False) | Q(resolution_due_at__lte=now)
    return first | next_ | resolution


def _warned_q() -> Q:
    """An open case with a running, warned target (the case is not waiting on the seller:
    those clocks are paused). Meant after ``breached_q`` has been ruled out."""
    first_running = Q(first_response_at__isnull=True, first_response_due_at__isnull=False)
    next_running = Q(next_response_started_at__isnull=False, next_response_due_at__isnull=False)
    first = first_running & _warned('"first_response"')
    next_ = next_running & _warned('"next_response@')
    resolution = Q(resolution_due_at__isnull=False) & _warned('"resolution"')
    return (first | next_ | resolution) & ~Q(status=Status.AWAITING_SELLER)


def with_attention(qs: QuerySet[Case], now: datetime, *, name: str = "attention") -> QuerySet:
    """``qs`` (open cases) annotated with ``name``: ``breached``, ``at_risk`` or ``""``, the
    worst of the case's targets as the queue's badge shows it."""
    return qs.alias(**{_WARNED: Cast("sla_warned", TextField())}).annotate(
        **{
            name: SqlCase(
                When(breached_q(now), then=Value(BREACHED)),
                When(_warned_q(), then=Value(AT_RISK)),
                default=Value(""),
                output_field=CharField(),
            )
        }
    )
