"""Setup shared by the benchmarks: a throwaway SQLite data dir or PostgreSQL database, Django
configured against it, and the teardown. Imported by the scripts in this folder (run as
``python bench/<name>.py``, so this folder is on ``sys.path``)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://sellerdesk:sellerdesk@127.0.0.1:5432"
PG_ADMIN_DB = "sellerdesk"


def log(msg: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {msg}", flush=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{PG_ADMIN_DB}", autocommit=True) as conn:
        conn.execute(sql)


def configure(args, *, bench_db: str, prefix: str) -> Path:
    """Point Django at a fresh (or, with ``--reuse``, kept) database and set it up."""
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix=prefix))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["SELLERDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.db == "postgres":
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{bench_db}"
        if not args.reuse:
            pg_admin(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE {bench_db} OWNER sellerdesk")
    else:
        os.environ.pop("DATABASE_URL", None)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                (data_dir / f"sellerdesk.sqlite3{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return data_dir


def teardown(args, data_dir: Path, *, bench_db: str) -> None:
    from django.db import connections

    connections.close_all()
    if args.keep or args.reuse:
        print(f"kept: data dir {data_dir}" + (f", database {bench_db}" * (args.db != "sqlite")))
        return
    if args.db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
    if not args.data_dir:
        shutil.rmtree(data_dir, ignore_errors=True)


def django_for_phase(workdir: Path, orders_dir: Path | None = None) -> None:
    """Configure Django in a benchmark's phase process: its data dir, and its order dataset
    (``orders_dir``; by default what the environment says, else ``workdir/orders``)."""
    os.environ["SELLERDESK_DATA_DIR"] = str(workdir)
    if orders_dir is not None:
        os.environ["SELLERDESK_ORDERS_DIR"] = str(orders_dir)
    os.environ.setdefault("SELLERDESK_ORDERS_DIR", str(workdir / "orders"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_phase_process(name: str, command: list[str], env: dict | None = None) -> dict:
    """Run one phase in its own process: the JSON of its last output line, with the process's
    peak memory (max RSS, from ``wait4``) and its CPU time. Exits when the phase fails."""
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, env={**os.environ, **(env or {})}, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    output = proc.stdout.read()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"phase {name} failed ({code})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_rss_mib"] = usage.ru_maxrss / 1024
    result["process_cpu_seconds"] = usage.ru_utime + usage.ru_stime  # the whole phase
    return result
