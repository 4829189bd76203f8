"""The benchmark world of ``reports.py``: two years of case history (opened 2025-01-01 up to
the day before the run, a little more each month), finished for the most part, with first
responses, SLA breaches and escalations, loaded in bulk by ``sla_world``'s loader (COPY on
PostgreSQL, ``executemany`` on SQLite); the people are made through the services as
``sla_world`` makes them, with more sellers. Also the sellers' opened article suggestions
(the deflection report reads them against the cases).

What a case looks like (each drawn from a seeded ``random.Random``, so a run is repeatable):

- opened at a time drawn over the range with a density growing ~25 % over two years; its
  case type, seller (so its tier: one seller in ten is premium) and one of the seller's sites
  drawn uniformly;
- first response after ``target × lognormal(median 0.35, σ 0.8)`` (≈ 9 % late), resolution
  after ``target × lognormal(median 0.4, σ 0.9)`` (≈ 15 % late), never before the response;
- finished (97 % of the cases whose resolution time has passed; the rest are stuck open or
  awaiting the seller): resolved, and closed seven days later when that has passed;
  close reason 92 % ``resolved``, the rest duplicate, invalid or spam;
- open cases without a response yet are ``new``; the others ``open`` or ``awaiting_seller``;
- breaches stored on the deadline's time when it passed (first response, resolution), 3 % of
  the answered cases with a next-response breach, 3 % escalated (at their resolution breach
  when there is one, else by the seller at a random time while open).
"""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta

from sla_world import case_columns, to_sqlite

START = datetime(2025, 1, 1, tzinfo=UTC)
CLOSE_REASONS = (("resolved", 0.92), ("duplicate", 0.04), ("invalid", 0.025), ("spam", 0.015))


def history_end(now: datetime) -> datetime:
    """Cases are opened up to the end of the day before ``now``."""
    return datetime.combine(now.date(), datetime.min.time(), UTC)


def _close_reason(rng: random.Random) -> str:
    r = rng.random()
    for reason, share in CLOSE_REASONS:
        if r < share:
            return reason
        r -= share
    return "resolved"


def generate_history(world, n: int, now: datetime, rng: random.Random, sqlite: bool):
    """Rows for ``cases_case`` in column order, ids 1..n in the order they were opened."""
    from sellerdesk.cases.models import CASE_NUMBER_BASE

    fields = case_columns()
    adapt = to_sqlite if sqlite else (lambda v: v)
    constants = {}
    for f in fields:
        value = f.get_default()
        constants[f.attname] = json.dumps(value) if isinstance(value, dict | list) else value
    span = (history_end(now) - START).total_seconds()
    # Sorted so ids follow the opening time, as they do in a live database.
    offsets = sorted(span * rng.random() ** 0.8 for _ in range(n))
    subjects = [
        "Buyer says the order never arrived",
        "Listing suppressed after an edit",
        "Disbursement on hold",
        "买家说没收到货",
        "商品详情被下架",
        "Inbound shipment received short",
        "Account health warning about late shipments",
    ]
    log_fr, log_res = math.log(0.35), math.log(0.4)
    for pk, offset in enumerate(offsets, 1):
        ct = world.case_types[rng.randrange(len(world.case_types))]
        seller_id, tier, priority, percent, site_ids, owner = world.sellers[
            rng.randrange(len(world.sellers))
        ]
        targets = world.targets(ct.pk, tier, percent)
        created = START + timedelta(seconds=offset)
        fr_due = created + targets.first_response
        res_due = created + targets.resolution
        fr_after = targets.first_response * rng.lognormvariate(log_fr, 0.8)
        res_after = max(
            targets.resolution * rng.lognormvariate(log_res, 0.9),
            fr_after + timedelta(minutes=rng.uniform(1, 120)),
        )
        finished = created + res_after <= now and rng.random() < 0.97
        first_response_at = created + fr_after if finished or created + fr_after <= now else None
        resolved_at = closed_at = None
        close_reason = ""
        if finished:
            resolved_at = created + res_after
            close_reason = _close_reason(rng)
            if resolved_at + timedelta(days=7) <= now:
                closed_at = resolved_at + timedelta(days=7)
            status = "closed" if closed_at else "resolved"
        elif first_response_at is None:
            status = "new"
        else:
            status = "awaiting_seller" if rng.random() < 0.3 else "open"
        end = resolved_at or now
        fr_breached = fr_due if (first_response_at or now) > fr_due else None
        res_breached = res_due if end > res_due else None
        nr_breached = None
        if first_response_at is not None and rng.random() < 0.03:
            nr_breached = first_response_at + (end - first_response_at) * rng.uniform(0.3, 1.0)
        escalated_at, escalation_reason = None, ""
        if rng.random() < 0.03:
            if res_breached is not None:
                escalated_at, escalation_reason = res_breached, "sla_breach"
            else:
                escalated_at = created + (end - created) * rng.uniform(0.05, 0.95)
                escalation_reason = "seller"
        due = check = None
        if not finished:
            _, _, due, check = world.stored(created, first_response_at, targets)
        team_agents = world.agents[ct.team_id]
        assignee = (
            team_agents[rng.randrange(len(team_agents))]
            if status != "new" or rng.random() < 0.3
            else None
        )
        updated = max(
            t for t in (created, first_response_at, resolved_at, closed_at, escalated_at) if t
        )
        row = dict(constants)
        row.update(
            id=pk,
            number=CASE_NUMBER_BASE + pk,
            seller_id=seller_id,
            site_id=site_ids[rng.randrange(len(site_ids))],
            case_type_id=ct.pk,
            team_id=ct.team_id,
            status=status,
            tier=tier,
            priority=priority,
            assignee_id=assignee,
            subject=f"{subjects[pk % len(subjects)]} ({pk})",
            description="Order 113-1234567-1234567: the buyer opened an A-to-z claim.",
            language="zh-hans" if rng.random() < 0.5 else "en",
            fields="{}",
            created_by_id=owner,
            created_at=adapt(created),
            updated_at=adapt(updated),
            first_response_due_at=adapt(fr_due),
            first_response_at=adapt(first_response_at),
            resolution_due_at=adapt(res_due),
            resolved_at=adapt(resolved_at),
            closed_at=adapt(closed_at),
            close_reason=close_reason,
            escalated_at=adapt(escalated_at),
            escalation_reason=escalation_reason,
            first_response_breached_at=adapt(fr_breached),
            next_response_breached_at=adapt(nr_breached),
            resolution_breached_at=adapt(res_breached),
            due_at=adapt(due),
            sla_warned="[]",
            sla_check_at=adapt(check),
            target_percent=percent,
        )
        yield tuple(row[f.attname] for f in fields)


def load_suggestion_opens(world, n: int, now: datetime, rng: random.Random) -> int:
    """``n`` opened article suggestions by the sellers' owners, spread over the range as the
    cases are (whether a case follows within the window is whatever the cases give: the
    report looks for one among the owner's cases). Returns how many."""
    from django.conf import settings

    from sellerdesk.accounts.models import User
    from sellerdesk.knowledge import services as knowledge
    from sellerdesk.knowledge.models import Category, SuggestionOpen

    operator = User.objects.get(email="operator@bench.example")
    category = Category.objects.order_by("pk").first()
    articles = [
        knowledge.article_create(
            actor=operator,
            key=f"bench-article-{i}",
            language="en",
            category=category,
            title=f"How to handle case kind {i}",
            body="Steps the seller can take before filing a case.",
        )
        for i in range(5)
    ]
    window = timedelta(minutes=int(settings.SELLERDESK.get("KB_DEFLECTION_WINDOW_MINUTES", 30)))
    span = (history_end(now) - START).total_seconds()
    rows = []
    for _ in range(n):
        seller_id, _tier, _p, _pc, _sites, owner = world.sellers[rng.randrange(len(world.sellers))]
        opened = START + timedelta(seconds=span * rng.random() ** 0.8)
        rows.append(
            SuggestionOpen(
                user_id=owner,
                seller_id=seller_id,
                article=articles[rng.randrange(len(articles))],
                case_type=world.case_types[rng.randrange(len(world.case_types))],
                opened_at=opened,
                window_ends_at=opened + window,
            )
        )
    SuggestionOpen.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
