"""The benchmark world of ``sla_sweep.py``: its people (sellers, teams' agents and leads, an
operator, made through the services), the SLA state of a million open cases (deadlines exactly
what ``apply_sla`` computes, none due yet), and loading them in bulk (``executemany`` on
SQLite, ``COPY`` on PostgreSQL: the ORM would spend minutes building model instances)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from bench_setup import log

SEED = 20240611
N_SELLERS = 40
AGENTS_PER_TEAM = 3


# --- people ---------------------------------------------------------------------------------


def seed_people(rng: random.Random) -> None:
    from sellerdesk.accounts import services as accounts
    from sellerdesk.accounts.models import Team

    pw = "bench-password-not-secret"
    accounts.user_create(actor=None, email="operator@bench.example", password=pw, kind="operator")
    for team in Team.objects.order_by("code"):
        for n in range(AGENTS_PER_TEAM + 1):
            role = "lead" if n == 0 else "agent"
            lang = "zh-hans" if n % 2 else "en"
            user = accounts.user_create(
                actor=None,
                email=f"{role}{n}.{team.code}@bench.example",
                password=pw,
                kind="agent",
                language=lang,
                time_zone="Asia/Shanghai" if lang == "zh-hans" else "UTC",
                languages_spoken=["en", "zh-hans"],
            )
            accounts.team_member_add(actor=None, team=team, user=user, role=role)
    sites = ["US", "UK", "DE", "JP"]
    for i in range(N_SELLERS):
        seller = accounts.seller_create(
            actor=None,
            code=f"BENCH{i:03d}",
            name=f"Bench seller {i}",
            home_country="CN",
            sites=rng.sample(sites, rng.randint(1, len(sites))),
            tier="premium" if i % 10 == 0 else "standard",
        )
        owner = accounts.user_create(
            actor=None,
            email=f"owner{i}@seller.bench.example",
            password=pw,
            kind="seller",
            language="zh-hans",
            time_zone="Asia/Shanghai",
        )
        accounts.seller_member_add(actor=None, seller=seller, user=owner, role="owner")


# --- the cases' SLA state -------------------------------------------------------------------


class World:
    """What the generator needs from the seeded rows, and the SLA targets per case shape."""

    def __init__(self) -> None:
        from sellerdesk.accounts.models import Seller, TeamMembership
        from sellerdesk.cases.models import CaseType
        from sellerdesk.sla import targets as sla
        from sellerdesk.sla.models import SlaSettings

        self.settings = SlaSettings.current()
        self.warn_percent = self.settings.warn_at_percent
        self.case_types = list(CaseType.objects.filter(active=True).order_by("pk"))
        self.sellers = []
        for seller in Seller.objects.prefetch_related("sites", "memberships").order_by("pk"):
            owner = seller.memberships.all()[0].user_id
            priority, percent = sla.priority_for(
                tier=seller.tier, health_score=None, recent_disputes=None, settings=self.settings
            )
            site_ids = [s.pk for s in seller.sites.all()]
            self.sellers.append((seller.pk, seller.tier, priority, percent, site_ids, owner))
        self.agents: dict[int, list[int]] = {}
        for team_id, user_id in TeamMembership.objects.values_list("team_id", "user_id"):
            self.agents.setdefault(team_id, []).append(user_id)
        self._targets: dict[tuple[int, str, int], object] = {}
        # Read now: a query while COPY holds the connection would wait for ever.
        for ct in self.case_types:
            for _, tier, _, percent, _, _ in self.sellers:
                self.targets(ct.pk, tier, percent)

    def targets(self, case_type_id: int, tier: str, percent: int):
        key = (case_type_id, tier, percent)
        if key not in self._targets:
            from sellerdesk.sla import targets as sla

            self._targets[key] = sla.targets_for(case_type_id, tier, self.settings).scaled(percent)
        return self._targets[key]

    def stored(self, created: datetime, first_response_at: datetime | None, targets):
        """The deadlines ``apply_sla`` stores for an open case on the 24×7 calendar with no
        pauses, no warning sent and nothing breached: (first response due, resolution due,
        soonest due, next check)."""
        w = self.warn_percent
        fr_due = created + targets.first_response
        res_due = created + targets.resolution
        running = [(created + targets.resolution * w / 100, res_due)]
        if first_response_at is None:
            running.append((created + targets.first_response * w / 100, fr_due))
        due = min(d for _, d in running)
        check = min(min(pair) for pair in running)
        return fr_due, res_due, due, check


def not_due_times(rng: random.Random, now: datetime, status: str, targets):
    """A case whose clocks all run past ``now`` (nothing to warn yet): created recently."""
    micro = timedelta(microseconds=rng.randrange(1_000_000))
    if status == "new":
        created = now - targets.first_response * rng.uniform(0.0, 0.74) - micro
        return created, None
    created = now - targets.resolution * rng.uniform(0.0, 0.74) - micro
    first_response_at = created + (now - created) * rng.uniform(0.1, 0.9)
    return created, first_response_at


def due_times(rng: random.Random, now: datetime, status: str, targets, breach: bool):
    """A case with exactly one event due at ``now``: the warning (75 % of its running target
    passed) or the breach of the first response (new cases) or the resolution (open ones)."""
    span = rng.uniform(1.01, 1.1) if breach else rng.uniform(0.76, 0.99)
    micro = timedelta(microseconds=rng.randrange(1_000_000))
    if status == "new":
        return now - targets.first_response * span - micro, None
    created = now - targets.resolution * span - micro
    return created, created + targets.first_response * rng.uniform(0.1, 0.5)


# --- loading --------------------------------------------------------------------------------


def case_columns():
    from sellerdesk.cases.models import Case

    return [f for f in Case._meta.concrete_fields]


def generate_cases(world: World, n: int, now: datetime, rng: random.Random, sqlite: bool):
    """Rows for ``cases_case`` in column order, ids 1..n."""
    from sellerdesk.cases.models import CASE_NUMBER_BASE

    fields = case_columns()
    adapt = to_sqlite if sqlite else (lambda v: v)
    constants = {}
    for f in fields:  # the rest: the model's defaults ("" for text, None where nullable)
        value = f.get_default()
        constants[f.attname] = json.dumps(value) if isinstance(value, dict | list) else value
    subjects = [
        "Buyer says the order never arrived",
        "Listing suppressed after an edit",
        "Disbursement on hold",
        "买家说没收到货",
        "商品详情被下架",
        "Inbound shipment received short",
        "Account health warning about late shipments",
    ]
    for pk in range(1, n + 1):
        ct = world.case_types[rng.randrange(len(world.case_types))]
        seller_id, tier, priority, percent, site_ids, owner = world.sellers[
            rng.randrange(len(world.sellers))
        ]
        status = "new" if rng.random() < 0.6 else "open"
        targets = world.targets(ct.pk, tier, percent)
        created, first_response_at = not_due_times(rng, now, status, targets)
        fr_due, res_due, due, check = world.stored(created, first_response_at, targets)
        team_agents = world.agents[ct.team_id]
        assignee = (
            team_agents[rng.randrange(len(team_agents))]
            if status == "open" or rng.random() < 0.3
            else None
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
            updated_at=adapt(first_response_at or created),
            first_response_due_at=adapt(fr_due),
            first_response_at=adapt(first_response_at),
            resolution_due_at=adapt(res_due),
            due_at=adapt(due),
            sla_warned="[]",
            sla_check_at=adapt(check),
            target_percent=percent,
        )
        yield tuple(row[f.attname] for f in fields)


def to_sqlite(value: datetime | None) -> str | None:
    """What Django's SQLite backend stores for an aware datetime: naive UTC text."""
    if value is None:
        return None
    return str(value.astimezone(UTC).replace(tzinfo=None))


def load_cases(world: World, n: int, now: datetime, batch: int, generate=None) -> None:
    """Load ``n`` cases made by ``generate(world, n, now, rng, sqlite)`` (default: the open
    cases of ``generate_cases``; ``bench/reports_world.py`` passes its two years of history)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    fields = case_columns()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rng = random.Random(SEED)
    sqlite = connection.vendor == "sqlite"
    rows = (generate or generate_cases)(world, n, now, rng, sqlite)
    with connection.cursor() as cur:
        # Building an index from a full table is much faster than growing it row by row: drop
        # the plain indexes (not those behind primary key and unique constraints) and make them
        # again, with the migrations' own definitions, after the load.
        if sqlite:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'cases_case' AND sql IS NOT NULL"
            )
        else:
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_case' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint "
                "WHERE conrelid = 'cases_case'::regclass)"
            )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        if sqlite:
            # Only for the load: a big page cache and no fsync; restored before timing.
            cur.execute("PRAGMA cache_size = -262144")  # 256 MiB
            cur.execute("PRAGMA synchronous = OFF")
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO cases_case ({columns}) VALUES ({placeholders})"
            done = 0
            while done < n:
                chunk = [row for _, row in zip(range(batch), rows, strict=False)]
                with transaction.atomic():
                    cur.executemany(sql, chunk)
                done += len(chunk)
                if done % 200_000 < batch:
                    log(f"  {done:,} cases")
        else:
            copy_sql = f"COPY cases_case ({columns}) FROM STDIN"
            with transaction.atomic(), cur.cursor.copy(copy_sql) as copy:
                for i, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if i % 200_000 == 0:
                        log(f"  {i:,} cases")
            for sql in connection.ops.sequence_reset_sql(no_style(), [fields[0].model]):
                cur.execute(sql)
        log(f"  making {len(indexes)} indexes")
        for _, sql in indexes:
            cur.execute(sql)
        if sqlite:
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA cache_size = -2000")
        else:
            cur.execute("VACUUM ANALYZE cases_case")


def check_against_apply_sla(now: datetime, sample: int = 200) -> None:
    """The generated deadlines must be exactly what the service computes."""
    from sellerdesk.cases import deadlines as sla
    from sellerdesk.cases.models import Case

    rng = random.Random(SEED + 1)
    total = Case.objects.count()
    names = ("first_response_due_at", "next_response_due_at", "resolution_due_at", "due_at")
    for pk in rng.sample(range(1, total + 1), min(sample, total)):
        case = Case.objects.get(pk=pk)
        stored = {f: getattr(case, f) for f in (*names, "sla_check_at")}
        sla.apply_sla(case, now)
        recomputed = {f: getattr(case, f) for f in (*names, "sla_check_at")}
        if stored != recomputed:
            raise SystemExit(
                f"case {pk}: stored {stored} != apply_sla {recomputed}\n"
                "(after --reuse: a migration changed the SLA policies; load again)"
            )
