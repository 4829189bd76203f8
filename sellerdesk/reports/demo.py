"""The demo's history for the reports: about seven months of cases of the demo sellers before
the demo's own recent cases, each opened, answered, resolved and rated at its own time in the
past through the services (so each step is audited as in production), in time order, with the
SLA sweep run every six hours of that past so breaches and escalations happen when they would.
Its shapes are the seed's: deactivation cases answered in about 18 hours against 24, US
resolutions slower in the fourth quarter than in the third, premium sellers rating about 4.3
and standard ones about 3.1. Deterministic (a fixed seed); loaded once, then the reports'
rollups are rebuilt so they show on first start."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.cases import autoclose, creation
from sellerdesk.cases import services as cases
from sellerdesk.cases.demo import TEXTS, _fields_for, _files_for
from sellerdesk.cases.models import Case, CaseType
from sellerdesk.cases.sweep import sla_sweep
from sellerdesk.surveys import services as surveys

from .rollup import rollup_rebuild

HISTORY_DAYS = 215  # more than two quarters before the recent demo cases
RECENT_DAYS = 9  # the history stops here; the recent cases are cases/demo.py's
RECENT_OLDEST_DAYS = 30  # cases/demo.py opens none older than this
SWEEP_EVERY = timedelta(hours=6)
STAFF = {
    "seller-support": "agent_seller_support",
    "account-health": "agent_account_health",
    "fba": "agent_fba",
    "advertising": "agent_advertising",
}
# Mean first response in hours per type (the seed: deactivation 18 h against 24 h).
FIRST_RESPONSE_HOURS = {"account-deactivation": 18.0}
FIRST_RESPONSE_OTHER = 30.0
# Mean days to resolution, and the fourth quarter's (the seed: US 2.9 then 4.2).
RESOLUTION_DAYS, RESOLUTION_DAYS_Q4 = 2.9, 4.2
# Ratings by tier (the seed: premium 4.3, standard 3.1), as weights of 1..5.
RATING_WEIGHTS = {"premium": (1, 2, 9, 41, 47), "standard": (13, 18, 27, 29, 13)}
RATED_SHARE = 0.65
# Days of the history on which the standard seller files a case closed as invalid: five in a
# week, so the abuse rule downgrades their support once (the cooling period ends long ago).
INVALID_DAYS = frozenset({40, 41, 43, 44, 46})


def _first_response(rng: random.Random, type_code: str) -> timedelta:
    mean = FIRST_RESPONSE_HOURS.get(type_code, FIRST_RESPONSE_OTHER)
    return timedelta(hours=max(rng.gauss(mean, mean / 3), 0.5))


def _resolution(rng: random.Random, opened: datetime, site: str) -> timedelta:
    q4 = opened.month >= 10
    mean = RESOLUTION_DAYS_Q4 if q4 and site == "US" else RESOLUTION_DAYS
    return timedelta(days=max(rng.gauss(mean, mean / 3), 0.3))


class _Past:
    """The history's clock: events in time order, the SLA sweep between them."""

    def __init__(self, start: datetime) -> None:
        self.queue: list[tuple[datetime, int, Callable[[datetime], None]]] = []
        self.counter = itertools.count()
        self.next_sweep = start + SWEEP_EVERY

    def at(self, when: datetime, step: Callable[[datetime], None]) -> None:
        heapq.heappush(self.queue, (when, next(self.counter), step))

    def run(self, until: datetime) -> None:
        while self.queue and self.queue[0][0] < until:
            when, _, step = heapq.heappop(self.queue)
            while self.next_sweep <= when:
                sla_sweep(now=self.next_sweep)
                if self.next_sweep.hour < SWEEP_EVERY.seconds // 3600:
                    autoclose.cases_close_quiet(now=self.next_sweep)  # once a day
                self.next_sweep += SWEEP_EVERY
            step(when)


def _plan_case(
    past: _Past,
    rng: random.Random,
    users: dict[str, User],
    opened: datetime,
    types: list,
    *,
    invalid: bool = False,
) -> None:
    """One case of the history; ``invalid``: the standard seller's, closed as invalid the
    next day (five of those within the abuse window downgrade their support)."""
    case_type = rng.choice(types)
    seller_role = "seller2_owner" if invalid or rng.random() >= 0.45 else "seller_owner"
    seller_user = users[seller_role]
    seller = seller_user.seller_memberships.get().seller
    site = rng.choice(sorted(seller.sites.values_list("code", flat=True)))
    language, subject, description = rng.choice(TEXTS[case_type.code])
    agent = users[STAFF[case_type.team.code]]
    zh = language == "zh-hans"
    state: dict = {}

    def open_case(now: datetime) -> None:
        state["case"], _ = creation.case_create(
            actor=seller_user,
            seller=seller,
            site=site,
            case_type=case_type.code,
            subject=subject,
            description=description,
            language=language,
            fields=_fields_for(case_type, rng),
            attachments=_files_for(case_type, seller_user, seller),
            allow_duplicate=True,
            now=now,
        )

    def answer(now: datetime) -> None:
        cases.case_message_add(
            actor=agent,
            case=state["case"],
            body="我们已收到您的问题，正在调查。" if zh else "Thanks, we are looking into this.",
            notify_seller=False,  # the past's mail is not sent again
            now=now,
        )

    def resolve(now: datetime) -> None:
        cases.case_resolve(
            actor=agent,
            case=state["case"],
            body="问题已解决。" if zh else "This is fixed.",
            close_reason="invalid" if invalid else "resolved",
            notify_seller=False,
            now=now,
        )

    def rate(now: datetime) -> None:
        case = Case.objects.get(pk=state["case"].pk)
        score = rng.choices(range(1, 6), weights=RATING_WEIGHTS[case.tier])[0]
        surveys.rating_submit(actor=seller_user, case=case, score=score, channel="app", now=now)

    first = _first_response(rng, case_type.code)
    resolution = max(_resolution(rng, opened, site), first + timedelta(hours=1))
    if invalid:
        first, resolution = timedelta(hours=2), timedelta(days=1)
    past.at(opened, open_case)
    past.at(opened + first, answer)
    past.at(opened + resolution, resolve)
    if not invalid and rng.random() < RATED_SHARE:
        past.at(opened + resolution + timedelta(hours=rng.uniform(1, 48)), rate)


def load(users: dict[str, User], seller_codes) -> int:
    """The history, once: nothing is made when the demo sellers have a case older than the
    recent demo cases (at most ``RECENT_OLDEST_DAYS`` old). Returns the number of cases made."""
    now = timezone.now()
    recent = now - timedelta(days=RECENT_OLDEST_DAYS)
    if Case.objects.filter(seller__code__in=seller_codes, created_at__lt=recent).exists():
        return 0
    rng = random.Random(20261207)
    types = list(
        CaseType.objects.filter(active=True, code__in=TEXTS, team__code__in=STAFF).select_related(
            "team"
        )
    )
    start = now - timedelta(days=HISTORY_DAYS)
    past = _Past(start)
    planned = 0
    for day in range(HISTORY_DAYS - RECENT_DAYS):
        date = start + timedelta(days=day)
        weekday = date.weekday() < 5
        for _ in range(rng.choice((1, 2)) if weekday else rng.choice((0, 1))):
            opened = date + timedelta(hours=rng.uniform(1, 15))
            _plan_case(past, rng, users, opened, types)
            planned += 1
        if day in INVALID_DAYS:
            _plan_case(past, rng, users, date + timedelta(hours=3), types, invalid=True)
            planned += 1
    past.run(until=now - timedelta(days=1))
    rollup_rebuild(now=now)
    return planned
