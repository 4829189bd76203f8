"""Benchmark: the reports at 1,000,000 cases (issue 16: "The reports answer in under 1 s (p95)
at 1,000,000 cases on PostgreSQL and SQLite").

    .venv/bin/python bench/reports.py --db sqlite   --json /tmp/reports-sqlite.json
    .venv/bin/python bench/reports.py --db postgres --json /tmp/reports-postgres.json
    .venv/bin/python bench/reports.py --db sqlite --cases 20000 --reps 5     # a quick check

A fresh database (SQLite in a temporary data dir, or the PostgreSQL database
``sellerdesk_bench_reports``, created and dropped here) is migrated; an operator, the teams'
agents and leads and ``--sellers`` sellers are made through the services; ``--cases`` cases
of two years' history (``reports_world.py``) are loaded in bulk, with ``--suggestions``
opened article suggestions. Then:

1. ``rollup_rebuild()`` from all the cases, in its own process (wall time, CPU time and that
   process's peak RSS), and checks that the rollups add up to the cases;
2. ``--rounds`` rounds of ``--changes`` cases changed through the services (half answered
   with ``case_message_add``, half resolved with ``case_resolve``, each writing its audit
   event as in production) and the worker's ``rollup_refresh()`` after each; then the
   refresh a minute later (it re-reads the last ``REPORTS_OVERLAP_SECONDS``, so the same
   cases again) and refreshes with nothing changed. The services run on a clock moved an
   hour on per round, so each round's window holds its own changes only;
3. every report of ``registry.NAMES`` through ``registry.run()`` as an operator: the default
   range, a full year, the year narrowed to one site and one team, and the year grouped by
   each of the report's other ``group_by`` choices; ``--reps`` runs each (after two
   warm-ups), the variants taken in turn within each repetition so the machine's noise falls
   on all alike: median, p95 and max in ms, and the SQL statements of one run;
4. ``GET /api/v1/reports/{name}`` (default range and the year) through Django's test client
   with an operator's API token, ``--http-reps`` times: routing, auth, the query string's
   validation and the JSON serialisation included.

Options: ``--json PATH``; ``--only NAME,...``; ``--profile NAME`` (cProfile that report's
year variant) and ``--explain NAME`` (plans of its year variant's statements);
``--keep``/``--reuse`` with ``--data-dir`` as in ``sla_sweep.py`` (a reused database keeps
its rollups as the last run left them; the rebuild is timed again).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_setup
from bench_setup import log, peak_rss_mib

PG_BENCH_DB = "sellerdesk_bench_reports"
SEED = 20261207
WARMUP = 2


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--sellers", type=int, default=200)
    p.add_argument("--suggestions", type=int, help="opened suggestions (default: cases / 20)")
    p.add_argument("--reps", type=int, default=30, help="timed runs per report variant")
    p.add_argument("--http-reps", type=int, default=5)
    p.add_argument("--changes", type=int, default=1000, help="cases changed per refresh round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--empty-refreshes", type=int, default=10)
    p.add_argument("--load-batch", type=int, default=20_000)
    p.add_argument("--only", help="report names, comma-separated (default: all)")
    p.add_argument("--profile", help="cProfile this report's year variant")
    p.add_argument("--explain", help="print the plans of this report's year variant")
    p.add_argument("--json", type=Path)
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--no-rebuild", action="store_true", help="with --reuse: keep the rollups")
    p.add_argument("--phase", choices=["rebuild"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.suggestions is None:
        args.suggestions = args.cases // 20
    if args.reuse and not args.data_dir:
        p.error("--reuse needs --data-dir")
    return args


def quantiles(times: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    return {
        "runs": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(statistics.quantiles(ms, n=20)[18], 2) if len(ms) > 1 else ms[0],
        "max_ms": round(ms[-1], 2),
    }


# --- load -----------------------------------------------------------------------------------


def load(args, data_dir: Path) -> tuple[datetime, int]:
    import sla_world
    from reports_world import generate_history, load_suggestion_opens

    meta_path = data_dir / f"bench-reports-meta-{args.db}.json"
    if args.reuse:
        meta = json.loads(meta_path.read_text())
        log(f"reusing {meta['cases']:,} cases (now = {meta['now']})")
        return datetime.fromisoformat(meta["now"]), meta["cases"]
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    t0 = time.perf_counter()
    sla_world.N_SELLERS = args.sellers
    sla_world.seed_people(random.Random(SEED))
    log(f"seeded people ({args.sellers} sellers) in {time.perf_counter() - t0:.1f} s")
    t1 = time.perf_counter()
    world = sla_world.World()
    sla_world.load_cases(world, args.cases, now, args.load_batch, generate=generate_history)
    log(f"loaded {args.cases:,} cases in {time.perf_counter() - t1:.1f} s")
    n = load_suggestion_opens(world, args.suggestions, now, random.Random(SEED + 1))
    log(f"loaded {n:,} opened suggestions")
    meta_path.write_text(json.dumps({"now": now.isoformat(), "cases": args.cases}))
    return now, args.cases


def analyze() -> None:
    """What autovacuum does within a minute of a rebuild (PostgreSQL), a checkpoint on SQLite."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for table in ("reports_casefact", "reports_caseday", "reports_durationbucket"):
                cur.execute(f"VACUUM ANALYZE {table}")
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- rebuild and refresh --------------------------------------------------------------------


def rebuild_phase(args) -> None:
    """In its own process (``--phase rebuild``): one timed ``rollup_rebuild()``."""
    bench_setup.django_for_phase(args.data_dir)
    from sellerdesk.reports.rollup import rollup_rebuild

    t0, c0 = time.perf_counter(), time.process_time()
    result = rollup_rebuild()
    out = {
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        **result,
    }
    print(json.dumps(out))


def time_rebuild(args, data_dir: Path) -> dict:
    command = [sys.executable, __file__, "--phase", "rebuild", "--db", args.db]
    command += ["--data-dir", str(data_dir)]
    load_before = os.getloadavg()[0]
    result = bench_setup.run_phase_process("rebuild", command)
    result["load_average"] = [load_before, os.getloadavg()[0]]
    return result


def check_rollups(total: int) -> dict:
    """The rollups add up to the cases: every case opened once, every finished one once."""
    from django.db.models import Sum

    from sellerdesk.cases.models import Case
    from sellerdesk.reports.models import CaseDay, CaseFact, DurationBucket

    sums = CaseDay.objects.aggregate(opened=Sum("opened"), finished=Sum("finished"))
    finished = Case.objects.filter(status__in=["resolved", "closed"]).count()
    out = {
        "facts": CaseFact.objects.count(),
        "day_rows": CaseDay.objects.count(),
        "bucket_rows": DurationBucket.objects.count(),
        "opened": sums["opened"],
        "finished": sums["finished"],
        "cases": total,
        "cases_finished": finished,
    }
    out["checked"] = out["facts"] == out["opened"] == total and out["finished"] == finished
    return out


def change_cases(cases: list, agents: dict, now: datetime) -> float:
    """Answer the ``new`` cases and resolve the others through the services at ``now``."""
    from sellerdesk.cases import services

    t0 = time.perf_counter()
    for case in cases:
        agent = agents[case.team_id]
        if case.status == "new":
            services.case_message_add(
                actor=agent, case=case, body="We are looking into it.", now=now
            )
        else:
            services.case_resolve(actor=agent, case=case, body="Resolved for you.", now=now)
    return time.perf_counter() - t0


def time_refresh(args) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from sellerdesk.accounts.models import TeamMembership, User
    from sellerdesk.cases.models import Case
    from sellerdesk.reports.rollup import freshness, rollup_refresh

    def base_now():
        return timezone.now()

    overlap = int(settings.SELLERDESK["REPORTS_OVERLAP_SECONDS"])
    agents = {
        m.team_id: m.user
        for m in TeamMembership.objects.filter(role="agent").select_related("user")
    }
    assert all(isinstance(u, User) for u in agents.values())
    rng = random.Random(SEED + 2)
    plain = Case.objects.filter(case_type__workflow="")
    new = list(plain.filter(status="new").values_list("pk", flat=True))
    going = list(plain.filter(status__in=["open", "awaiting_seller"]).values_list("pk", flat=True))
    rng.shuffle(new)
    rng.shuffle(going)
    # After what a kept database's last refresh read (its clock ran ahead of the real one).
    through = freshness().changes_through
    base = max(timezone.now(), through + timedelta(seconds=overlap) if through else base_now())
    rounds = []
    for k in range(1, args.rounds + 1):
        half = args.changes // 2
        ids = [new.pop() for _ in range(min(half, len(new)))]
        ids += [going.pop() for _ in range(min(args.changes - len(ids), len(going)))]
        cases = list(Case.objects.filter(pk__in=ids))
        clock = base + timedelta(hours=k)
        services_s = change_cases(cases, agents, clock)
        timed = {}
        # The worker's refresh a minute after the changes, then a minute later (it reads the
        # last REPORTS_OVERLAP_SECONDS again, so the same cases), then one past the overlap
        # (not timed) so the next round's window holds only its own changes.
        for label, after in (("refresh", 60), ("next_minute", 120)):
            t0 = time.perf_counter()
            got = rollup_refresh(now=clock + timedelta(seconds=after))
            timed[label] = {"seconds": time.perf_counter() - t0, **got}
        rollup_refresh(now=clock + timedelta(seconds=120 + overlap + 1))
        rounds.append({"changed": len(cases), "services_seconds": services_s, **timed})
        log(
            f"  round {k}: {len(cases)} cases changed through the services in {services_s:.1f} s; "
            f"refresh {timed['refresh']['seconds']:.2f} s ({timed['refresh']}); "
            f"a minute later {timed['next_minute']['seconds']:.2f} s"
        )
    clock = base + timedelta(hours=args.rounds + 1)
    empty = []
    for i in range(args.empty_refreshes):
        t0 = time.perf_counter()
        got = rollup_refresh(now=clock + timedelta(minutes=i))
        empty.append(time.perf_counter() - t0)
        assert got["cases"] == 0, got
    return {
        "rounds": rounds,
        "no_change": quantiles(empty),
        "overlap_seconds": overlap,
    }


# --- reports --------------------------------------------------------------------------------


def variants(names: list[str], last_day) -> list[tuple[str, str, dict]]:
    """(report, variant label, params) for every report."""
    from sellerdesk.reports.registry import REPORTS

    year = {"from": (last_day - timedelta(days=364)).isoformat(), "to": last_day.isoformat()}
    out = []
    for name in names:
        spec = REPORTS[name]
        out.append((name, "default", {}))
        out.append((name, "year", dict(year)))
        out.append(
            (name, "year US seller-support", {**year, "site": "US", "team": "seller-support"})
        )
        for group in spec.group_by[1:]:
            out.append((name, f"year by {group}", {**year, "group_by": group}))
    return out


def time_reports(args, operator, plan: list) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.reports import registry

    results = []
    for name, label, params in plan:
        with CaptureQueriesContext(connection) as captured:
            answer = registry.run(name, params, user=operator)
        results.append(
            {
                "report": name,
                "variant": label,
                "params": params,
                "rows": len(answer.report.rows),
                "queries": len(captured.captured_queries),
                "times": [],
            }
        )
    for rep in range(WARMUP + args.reps):
        for entry in results:
            t0 = time.perf_counter()
            registry.run(entry["report"], entry["params"], user=operator)
            if rep >= WARMUP:
                entry["times"].append(time.perf_counter() - t0)
    for entry in results:
        entry.update(quantiles(entry.pop("times")))
    return results


def time_http(args, operator, plan: list) -> list[dict]:
    from django.conf import settings
    from django.test import Client

    from sellerdesk.accounts import services as accounts

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    _, raw = accounts.token_create(actor=None, user=operator, name="bench")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    out = []
    for name, label, params in plan:
        if label not in ("default", "year"):
            continue
        times, size = [], 0
        for rep in range(1 + args.http_reps):
            t0 = time.perf_counter()
            response = client.get(f"/api/v1/reports/{name}", params)
            elapsed = time.perf_counter() - t0
            assert response.status_code == 200, (name, response.status_code, response.content[:300])
            size = len(response.content)
            if rep:
                times.append(elapsed)
        out.append({"report": name, "variant": label, "bytes": size, **quantiles(times)})
    return out


def profile_report(name: str, operator, params: dict) -> None:
    from sellerdesk.reports import registry

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        registry.run(name, params, user=operator)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def explain_report(name: str, operator, params: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.reports import registry

    with CaptureQueriesContext(connection) as captured:
        registry.run(name, params, user=operator)
    pg = connection.vendor == "postgresql"
    for q in captured.captured_queries:
        if "reports_" not in q["sql"] and "cases_case" not in q["sql"]:
            continue
        print(f"--- {q['time']} s: {q['sql'][:300]}")
        with connection.cursor() as cur:
            cur.execute(("EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN ") + q["sql"])
            for row in cur.fetchall():
                print("   ", " | ".join(str(v) for v in row))


# --- main -----------------------------------------------------------------------------------


def run(args, data_dir: Path) -> dict:
    from django.core.management import call_command
    from sla_sweep import machine

    import sellerdesk
    from sellerdesk.accounts.models import User
    from sellerdesk.reports.registry import NAMES

    log(f"sellerdesk imported from {sellerdesk.__file__}")
    call_command("migrate", verbosity=0)
    now, total = load(args, data_dir)
    results: dict = {"machine": machine(), "cases": total, "sellers": args.sellers}
    results["suggestions"] = args.suggestions
    if args.no_rebuild:
        from sellerdesk.reports.models import CaseDay, DurationBucket

        r = results["rebuild"] = {"seconds": 0.0, "cpu_seconds": 0.0, "peak_rss_mib": 0.0}
        r.update(day_rows=CaseDay.objects.count(), bucket_rows=DurationBucket.objects.count())
        r["skipped"] = True
    else:
        log("rollup_rebuild() in its own process")
        results["rebuild"] = time_rebuild(args, data_dir)
    r = results["rebuild"]
    log(
        f"  rebuild {r['seconds']:.1f} s (CPU {r['cpu_seconds']:.1f} s), peak RSS "
        f"{r['peak_rss_mib']:.0f} MiB, {r['day_rows']:,} day rows, {r['bucket_rows']:,} bucket rows"
    )
    results["rollups"] = check_rollups(total)
    log(f"  rollups: {results['rollups']}")
    analyze()
    log(f"refresh: {args.rounds} rounds of {args.changes} cases changed through the services")
    results["refresh"] = time_refresh(args)
    analyze()
    operator = User.objects.get(email="operator@bench.example")
    from reports_world import history_end

    last_day = history_end(now).date() - timedelta(days=1)
    names = args.only.split(",") if args.only else list(NAMES)
    plan = variants(names, last_day)
    if args.profile:
        profile_report(
            args.profile, operator, next(p for n, v, p in plan if n == args.profile and v == "year")
        )
    if args.explain:
        explain_report(
            args.explain, operator, next(p for n, v, p in plan if n == args.explain and v == "year")
        )
    log(
        f"timing {len(plan)} report variants, {args.reps} runs each (load {os.getloadavg()[0]:.2f})"
    )
    results["reports_load_average"] = [os.getloadavg()[0]]
    results["reports"] = time_reports(args, operator, plan)
    results["reports_load_average"].append(os.getloadavg()[0])
    log("HTTP")
    results["http"] = time_http(args, operator, plan)
    results["http_load_average"] = os.getloadavg()[0]
    results["peak_rss_mib"] = round(peak_rss_mib())
    return results


def print_table(results: dict) -> None:
    m = results["machine"]
    r = results["rebuild"]
    print()
    print(
        f"{m['database']} · {results['cases']:,} cases · {m['cpus']} cores, "
        f"{m['memory_gib']} GiB · {m['date']} · load {results['reports_load_average']}"
    )
    print(
        f"rebuild: {r['seconds']:.1f} s (CPU {r['cpu_seconds']:.1f} s, peak RSS "
        f"{r['peak_rss_mib']:.0f} MiB); {r['day_rows']:,} day rows, "
        f"{r['bucket_rows']:,} bucket rows"
    )
    f = results["refresh"]
    for i, rd in enumerate(f["rounds"], 1):
        a, b = rd["refresh"], rd["next_minute"]
        print(
            f"refresh {i}: {rd['changed']} cases changed -> {a['seconds'] * 1000:.0f} ms "
            f"({a['cases']} cases read, {a['days']} days recounted); a minute later "
            f"{b['seconds'] * 1000:.0f} ms ({b['cases']} cases)"
        )
    nc = f["no_change"]
    print(f"refresh, nothing changed: median {nc['median_ms']:.1f} ms, p95 {nc['p95_ms']:.1f} ms")
    print()
    print("| report | variant | rows | queries | median ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for e in results["reports"]:
        flag = " **>1 s**" if e["p95_ms"] > 1000 else ""
        print(
            f"| {e['report']} | {e['variant']} | {e['rows']} | {e['queries']} | "
            f"{e['median_ms']:.1f} | {e['p95_ms']:.1f}{flag} | {e['max_ms']:.1f} |"
        )
    print()
    print("| HTTP GET | variant | bytes | median ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|")
    for e in results["http"]:
        print(
            f"| {e['report']} | {e['variant']} | {e['bytes']:,} | {e['median_ms']:.1f} | "
            f"{e['p95_ms']:.1f} | {e['max_ms']:.1f} |"
        )


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.phase == "rebuild":
        rebuild_phase(args)
        return 0
    data_dir = bench_setup.configure(args, bench_db=PG_BENCH_DB, prefix="sellerdesk-reports-")
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    try:
        results = run(args, data_dir)
    finally:
        bench_setup.teardown(args, data_dir, bench_db=PG_BENCH_DB)
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str))
    slow = [e for e in results["reports"] if e["p95_ms"] > 1000]
    return 0 if results["rollups"]["checked"] and not slow else 1


if __name__ == "__main__":
    sys.exit(main())
