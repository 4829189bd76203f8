"""Benchmark: the SLA sweep and the agent queue at scale (issue 3, "Must show").

    .venv/bin/python bench/sla_sweep.py --db sqlite   --cases 1000000 --due 0.001,0.01,0.1
    .venv/bin/python bench/sla_sweep.py --db postgres --cases 1000000 --due 0.001,0.01,0.1

A fresh database (SQLite in a temporary data dir, or the PostgreSQL database
``sellerdesk_bench``, created and dropped here) is migrated, a few sellers, teams' agents and
leads and an operator are made through the services, then ``--cases`` open cases are loaded in
bulk (raw ``executemany`` on SQLite, ``COPY`` on PostgreSQL: the ORM would spend minutes
building model instances). Their stored deadlines are what ``apply_sla`` computes for them (a
sample is checked against it), spread over the next days, and none is due yet.

For each due share, that share of the cases (a random sample) is moved into the past so its
first-response or resolution clock is past the warning (half of them) or the deadline (the
other half), ``sla_sweep(now=...)`` is called until it fires nothing, and the time, the
number of SQL statements sent through Django and each kind of statement's wall time (summed
over the sweep's worker threads) are recorded. Each due case fires exactly
one event (checked). The cases, audit events and notices are restored afterwards.

The agent queue is ``case_list_for(agent, status new/open/awaiting_seller, ordering="due",
limit=50)`` for an agent of one team (and an operator, across all teams, and the same agent
in a second team), timed ``--queue-runs`` times.

Other options: ``--json PATH`` writes the figures, ``--explain`` prints the queue's plans,
``--profile`` profiles the first sweep, ``--keep`` keeps the database and ``--reuse`` (with
``--data-dir``) runs against a database kept earlier instead of loading again.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import platform
import pstats
import random
import re
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import bench_setup
from bench_setup import log, peak_rss_mib
from sla_world import (
    SEED,
    World,
    check_against_apply_sla,
    due_times,
    load_cases,
    seed_people,
    to_sqlite,
)

PG_BENCH_DB = "sellerdesk_bench"
OPEN_STATUSES = ["new", "open", "awaiting_seller"]


# --- setup ----------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--due", default="0.001,0.01,0.1", help="due shares, comma-separated")
    p.add_argument("--batch", type=int, help="sla_sweep(batch=...) (default: SLA_SWEEP_BATCH)")
    p.add_argument("--queue-runs", type=int, default=200)
    p.add_argument("--load-batch", type=int, default=20_000)
    p.add_argument("--json", type=Path, help="write the figures here")
    p.add_argument("--explain", action="store_true", help="print the queue queries' plans")
    p.add_argument("--profile", action="store_true", help="cProfile the first sweep")
    p.add_argument("--chunk", type=int, help="sla_sweep(chunk=...) (default: SLA_SWEEP_CHUNK)")
    p.add_argument(
        "--workers", type=int, help="sla_sweep(workers=...) (default: SLA_SWEEP_WORKERS)"
    )
    p.add_argument("--data-dir", type=Path, help="SELLERDESK_DATA_DIR (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("--reuse", action="store_true", help="use a database kept by --keep")
    args = p.parse_args(argv)
    args.due_shares = [float(s) for s in args.due.split(",") if s.strip()]
    if args.reuse and not args.data_dir:
        p.error("--reuse needs --data-dir (where the kept run left bench-meta.json)")
    return args


def configure(args) -> Path:
    data_dir = bench_setup.configure(args, bench_db=PG_BENCH_DB, prefix="sellerdesk-bench-")
    from django.conf import settings

    # Argon2 for a few dozen bench users would only slow the setup down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return data_dir


def teardown(args, data_dir: Path) -> None:
    bench_setup.teardown(args, data_dir, bench_db=PG_BENCH_DB)


class QueryCounter:
    """Counts the statements sent through Django (``execute_wrapper``) and the wall time each
    kind of statement (its verb and table, e.g. ``INSERT notifications_notification``) took,
    round trip and server included (summed over the sweep's threads); keeps no SQL."""

    TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self) -> None:
        self.count = 0
        self.seconds: dict[str, float] = {}
        self._lock = threading.Lock()  # the sweep's worker threads count here too

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            table = self.TABLE.search(sql)
            key = f"{sql.split(None, 1)[0].upper()} {table.group(1) if table else ''}".strip()
            with self._lock:
                self.count += 1
                self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - t0

    @contextlib.contextmanager
    def everywhere(self):
        """Count on this thread's connection and on those the sweep's threads open."""
        from django.db import connection
        from django.db.backends.signals import connection_created

        def count_new(sender, connection, **kwargs):
            connection.execute_wrappers.append(self)

        connection_created.connect(count_new)
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            connection_created.disconnect(count_new)


# --- due shares -----------------------------------------------------------------------------

SNAPSHOT = (
    "created_at",
    "updated_at",
    "first_response_at",
    "first_response_due_at",
    "resolution_due_at",
    "due_at",
    "sla_check_at",
)


def _chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _write_times(rows: list[tuple]) -> None:
    """rows: (*SNAPSHOT values, pk); also clears what a sweep writes."""
    from django.db import connection, transaction

    sqlite = connection.vendor == "sqlite"
    sets = ", ".join(f"{c} = %s" for c in SNAPSHOT)
    sql = (
        f"UPDATE cases_case SET {sets}, sla_warned = '[]', first_response_breached_at = NULL, "
        "next_response_breached_at = NULL, resolution_breached_at = NULL, escalated_at = NULL, "
        "escalation_reason = '' WHERE id = %s"
    )
    if sqlite:
        rows = [(*(to_sqlite(v) for v in row[:-1]), row[-1]) for row in rows]
    with transaction.atomic(), connection.cursor() as cur:
        for chunk in _chunks(rows, 20_000):
            cur.executemany(sql, chunk)


def make_due(world: World, share: float, total: int, now: datetime) -> tuple[list, int]:
    """Move a random ``share`` of the cases so exactly one SLA event is due at ``now``; returns
    the snapshot to restore and the number of cases made due."""
    from sellerdesk.cases.models import Case

    rng = random.Random(f"{SEED}-{share}")
    count = round(total * share)
    ids = sorted(rng.sample(range(1, total + 1), count))
    snapshot, updates = [], []
    for chunk in _chunks(ids, 500):
        rows = Case.objects.filter(pk__in=chunk).values_list(
            "pk", "case_type_id", "tier", "target_percent", "status", *SNAPSHOT
        )
        for pk, ct, tier, percent, status, *old in rows:
            snapshot.append((*old, pk))
            targets = world.targets(ct, tier, percent)
            created, fra = due_times(rng, now, status, targets, breach=rng.random() < 0.5)
            fr_due, res_due, due, check = world.stored(created, fra, targets)
            assert check <= now
            updates.append((created, fra or created, fra, fr_due, res_due, due, check, pk))
    _write_times(updates)
    return snapshot, count


def restore(snapshot: list) -> None:
    from sellerdesk.audit.models import AuditEvent
    from sellerdesk.notifications.models import Notification

    AuditEvent.objects.filter(action__in=["case.sla_warning", "case.sla_breached"]).delete()
    Notification.objects.filter(kind__in=["sla.warning", "sla.breach"]).delete()
    _write_times(snapshot)


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for table in ("cases_case", "audit_auditevent", "notifications_notification"):
                cur.execute(f"VACUUM ANALYZE {table}")
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def run_sweep(now: datetime, args, profile: bool) -> dict:

    from sellerdesk.audit.models import AuditEvent
    from sellerdesk.cases import sweep as sla
    from sellerdesk.cases.models import Case

    counter = QueryCounter()
    calls, fired, elapsed, cpu = 0, 0, 0.0, 0.0
    per_call: list[float] = []
    profiler = cProfile.Profile() if profile else None
    with counter.everywhere():
        while True:
            if profiler:
                profiler.enable()
            t0, c0 = time.perf_counter(), time.process_time()
            got = sla.sla_sweep(now=now, batch=args.batch, chunk=args.chunk, workers=args.workers)
            per_call.append(time.perf_counter() - t0)
            elapsed += per_call[-1]
            cpu += time.process_time() - c0
            if profiler:
                profiler.disable()
            calls += 1
            fired += got
            if got == 0:
                break
    left = Case.objects.filter(sla_check_at__lte=now).count()
    events = AuditEvent.objects.filter(action__in=["case.sla_warning", "case.sla_breached"]).count()
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(35)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,  # this process only (not the PostgreSQL server)
        "queries": counter.count,
        "statement_seconds": {k: round(v, 3) for k, v in sorted(counter.seconds.items())},
        "calls": calls,
        "call_seconds": [round(t, 3) for t in per_call],
        "fired": fired,
        "events": events,
        "left_due": left,
    }


# --- the queue ------------------------------------------------------------------------------


def time_queue(user, runs: int, explain: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.cases.selectors import CaseFilters, case_list_for

    filters = CaseFilters(status=OPEN_STATUSES)
    for _ in range(5):
        case_list_for(user, filters, ordering="due", limit=50)
    with CaptureQueriesContext(connection) as captured:
        rows, _ = case_list_for(user, filters, ordering="due", limit=50)
    assert len(rows) == 50, len(rows)
    dues = [c.due_at for c in rows]
    assert dues == sorted(dues)
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        case_list_for(user, filters, ordering="due", limit=50)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    if explain:
        # The page itself (the other statements read the user's teams and related rows).
        sql = next(q["sql"] for q in captured.captured_queries if "ORDER BY" in q["sql"])
        prefix = (
            "EXPLAIN (ANALYZE, BUFFERS)"
            if connection.vendor == "postgresql"
            else "EXPLAIN QUERY PLAN"
        )
        with connection.cursor() as cur:
            cur.execute(f"{prefix} {sql}")
            print(f"--- plan for {user.email}:")
            for row in cur.fetchall():
                print("   ", " | ".join(str(v) for v in row))
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": statistics.quantiles(times, n=20)[18] * 1000,
        "max_ms": max(times) * 1000,
        "cpu_median_ms": statistics.median(cpu) * 1000,  # this process: Python, SQLite
        "queries": len(captured.captured_queries),
    }


# --- main -----------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            version = "PostgreSQL " + cur.fetchone()[0].split()[0]
        else:
            cur.execute("select sqlite_version()")
            version = "SQLite " + cur.fetchone()[0]
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "date": datetime.now().date().isoformat(),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024),
        "python": platform.python_version(),
        "database": version,
        "load_average": os.getloadavg()[0],
    }


def run(args, data_dir: Path) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from sellerdesk.accounts.models import User
    from sellerdesk.cases.models import Case

    meta_path = data_dir / f"bench-meta-{args.db}.json"
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse:
        meta = json.loads(meta_path.read_text())
        now = datetime.fromisoformat(meta["now"])
        total = meta["cases"]
        log(f"reusing {total:,} cases (now = {now.isoformat()})")
    else:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        total = args.cases
        seed_people(random.Random(SEED))
        log(f"migrated and seeded people in {time.perf_counter() - t0:.1f} s")
        t1 = time.perf_counter()
        load_cases(World(), total, now, args.load_batch)
        load_s = time.perf_counter() - t1
        log(f"loaded {total:,} cases in {load_s:.1f} s")
        meta_path.write_text(json.dumps({"now": now.isoformat(), "cases": total}))
    world = World()
    check_against_apply_sla(now)
    assert Case.objects.filter(sla_check_at__lte=now).count() == 0, "stale due cases"
    conf = settings.SELLERDESK
    results: dict = {
        "machine": machine(),
        "cases": total,
        "batch": args.batch or conf["SLA_SWEEP_BATCH"],
        "chunk": args.chunk or conf["SLA_SWEEP_CHUNK"],
        # Threads per pass: SLA_SWEEP_WORKERS on PostgreSQL, one on SQLite (one writer).
        "workers": (args.workers or conf["SLA_SWEEP_WORKERS"]) if args.db == "postgres" else 1,
        "sweeps": [],
    }
    if not args.reuse:
        results["load_seconds"] = round(load_s, 1)

    agent = User.objects.get(email="agent1.seller-support@bench.example")
    operator = User.objects.get(email="operator@bench.example")
    results["queue_load_average"] = os.getloadavg()[0]
    results["queue_agent"] = time_queue(agent, args.queue_runs, args.explain)
    log(f"queue (agent, one team): {fmt_queue(results['queue_agent'])}")
    results["queue_operator"] = time_queue(operator, args.queue_runs, args.explain)
    log(f"queue (operator, all teams): {fmt_queue(results['queue_operator'])}")
    # The same agent also in Account Health: each team's page read on its own and merged.
    from sellerdesk.accounts.models import Team, TeamMembership

    second = TeamMembership.objects.create(
        user=agent, team=Team.objects.get(code="account-health"), role="agent"
    )
    results["queue_two_teams"] = time_queue(agent, args.queue_runs, args.explain)
    second.delete()
    log(f"queue (agent, two teams): {fmt_queue(results['queue_two_teams'])}")

    for i, share in enumerate(args.due_shares):
        snapshot, due = make_due(world, share, total, now)
        vacuum()
        log(f"share {share:.1%}: {due:,} cases due; sweeping")
        sweep = run_sweep(now, args, args.profile and i == 0)
        sweep.update(
            share=share,
            due=due,
            cases_per_s=due / sweep["seconds"],
            load_average=os.getloadavg()[0],  # other work on the machine skews the figures
        )
        ok = sweep["fired"] == due == sweep["events"] and sweep["left_due"] == 0
        sweep["checked"] = ok
        results["sweeps"].append(sweep)
        log(
            f"  {sweep['seconds']:.2f} s (CPU {sweep['cpu_seconds']:.2f} s), "
            f"{sweep['queries']:,} queries, "
            f"{sweep['cases_per_s']:,.0f} cases/s, {sweep['calls']} calls, "
            f"fired {sweep['fired']:,}" + ("" if ok else "  ** MISMATCH **")
        )
        log(
            "  by statement (wall s): "
            + ", ".join(f"{k} {v:.2f}" for k, v in sweep["statement_seconds"].items() if v >= 0.01)
        )
        restore(snapshot)
        vacuum()
    results["peak_rss_mib"] = round(peak_rss_mib())
    return results


def fmt_queue(q: dict) -> str:
    return (
        f"median {q['median_ms']:.2f} ms, p95 {q['p95_ms']:.2f} ms "
        f"(CPU median {q['cpu_median_ms']:.2f} ms), {q['queries']} queries"
    )


def print_table(args, results: dict) -> None:
    m = results["machine"]
    print()
    print(
        f"{m['database']} · {results['cases']:,} open cases · batch {results['batch']}, "
        f"chunk {results['chunk']}, {results['workers']} worker thread(s) · "
        f"{m['cpus']} cores, {m['memory_gib']} GiB · {m['date']} · peak RSS "
        f"{results['peak_rss_mib']} MiB"
    )
    print("| due share | cases due | sweep s | CPU s | queries | cases/s | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for s in results["sweeps"]:
        print(
            f"| {s['share']:.1%} | {s['due']:,} | {s['seconds']:.2f} | {s['cpu_seconds']:.2f} | "
            f"{s['queries']:,} | {s['cases_per_s']:,.0f} | {s['load_average']:.1f} |"
        )
    for who in ("agent", "operator", "two_teams"):
        print(f"queue ({who.replace('_', ' ')}): {fmt_queue(results[f'queue_{who}'])}")
    if "load_seconds" in results:
        print(f"loaded in {results['load_seconds']} s")


def main(argv=None) -> int:
    args = parse_args(argv)
    data_dir = configure(args)
    try:
        results = run(args, data_dir)
    finally:
        teardown(args, data_dir)
    print_table(args, results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0 if all(s["checked"] for s in results["sweeps"]) else 1


if __name__ == "__main__":
    sys.exit(main())
