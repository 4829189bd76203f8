"""Setup shared by the benchmarks: a throwaway SQLite data dir or PostgreSQL database, Django
configured against it, and the teardown. Imported by the scripts in this folder (run as
``python bench/<name>.py``, so this folder is on ``sys.path``)."""

from __future__ import annotations

import os
import resource
import shutil
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
