"""Run a metrics query with embedded DuckDB, straight over the dataset's Parquet files."""

from __future__ import annotations

import duckdb
from django.conf import settings

from .metric_sql import METRIC_COLUMNS


def connect(*, threads: int | None = None, memory_limit: str | None = None):
    """A fresh in-memory DuckDB connection in UTC with the configured resource limits."""
    conf = settings.SELLERDESK
    con = duckdb.connect(
        config={
            "threads": threads or conf.get("ORDERS_DUCKDB_THREADS", 2),
            "memory_limit": memory_limit or conf.get("ORDERS_DUCKDB_MEMORY_LIMIT", "1GB"),
        }
    )
    con.execute("SET TimeZone = 'UTC'")
    return con


def _file_list(files: list[str]) -> str:
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def run_metrics_query(sql: str, files: list[str]) -> list[tuple]:
    con = connect()
    try:
        # Paths come from our own manifest, quoted; the query text from metric_sql.
        columns = ", ".join(METRIC_COLUMNS)
        source = f"read_parquet({_file_list(files)})"
        con.execute(f"CREATE VIEW orders AS SELECT {columns} FROM {source}")
        return con.execute(sql).fetchall()
    finally:
        con.close()
