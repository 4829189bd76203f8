"""The SQL twin of the queue's SLA badge (``cases/sla_sql.py``) agrees with ``sla.py`` on every
combination of the stored columns an open case can have: status, each target's deadline (past,
future, none), recorded breach, recorded warning, and whether the first response was given (in
time or late) and the next-response clock runs."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from sellerdesk.cases import sla, sla_sql
from sellerdesk.cases.models import Case
from sellerdesk.sla.engine import warn_key

HOUR = timedelta(hours=1)


def _first_response_variants(now):
    # (first_response_at, first_response_due_at, first_response_breached_at, warned)
    dues = (now - HOUR, now + HOUR, None)
    for due, answered, recorded, warned in itertools.product(
        dues, ("no", "in time", "late"), (False, True), (False, True)
    ):
        at = None
        if answered != "no":
            base = due or now
            at = base - HOUR if answered == "in time" else base + 0.5 * HOUR
        yield at, due, (due or now) if recorded else None, warned


def _next_response_variants(now):
    # (next_response_started_at, next_response_due_at, next_response_breached_at, warned)
    yield None, None, None, False
    started = now - 3 * HOUR
    for due, recorded, warned in itertools.product(
        (now - HOUR, now + HOUR, None), (False, True), (False, True)
    ):
        yield started, due, (due or now) if recorded else None, warned


def _resolution_variants(now):
    # (resolution_due_at, resolution_breached_at, warned)
    for due, recorded, warned in itertools.product(
        (now - HOUR, now + HOUR, None), (False, True), (False, True)
    ):
        yield due, (due or now) if recorded else None, warned


def test_sql_states_agree_with_the_queue_badge(make_case):
    base = make_case()
    now = timezone.now()
    rows = []
    for status, first, next_, resolution in itertools.product(
        Case.OPEN_STATUSES,
        list(_first_response_variants(now)),
        list(_next_response_variants(now)),
        list(_resolution_variants(now)),
    ):
        fr_at, fr_due, fr_breached, fr_warned = first
        nr_started, nr_due, nr_breached, nr_warned = next_
        res_due, res_breached, res_warned = resolution
        warned = (
            (["first_response"] if fr_warned else [])
            + ([warn_key("next_response", nr_started)] if nr_warned else [])
            + (["resolution"] if res_warned else [])
        )
        rows.append(
            Case(
                seller_id=base.seller_id,
                site_id=base.site_id,
                case_type_id=base.case_type_id,
                team_id=base.team_id,
                status=status,
                subject="grid",
                description="grid",
                language="en",
                created_at=now - 10 * HOUR,
                updated_at=now,
                first_response_at=fr_at,
                first_response_due_at=fr_due,
                first_response_breached_at=fr_breached,
                next_response_started_at=nr_started,
                next_response_due_at=nr_due,
                next_response_breached_at=nr_breached,
                resolution_due_at=res_due,
                resolution_breached_at=res_breached,
                sla_warned=warned,
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    grid = Case.objects.exclude(pk=base.pk)
    sql_states = dict(sla_sql.with_attention(grid, now).values_list("pk", "attention"))
    assert len(sql_states) == len(rows)
    seen = set()
    for case in grid:
        expected = sla.overall_state(case, now)
        expected = expected if expected in sla_sql.ATTENTION else ""
        assert sql_states[case.pk] == expected, (expected, case.__dict__)
        seen.add(expected)
    assert seen == {"breached", "at_risk", ""}
