"""Run a metrics query with Apache Spark (pyspark), for marketplaces that outgrow one machine.

The query text is the one DuckDB runs (``metric_sql``). One Spark session per process, made on
first use; the master comes from ``SELLERDESK["SPARK_MASTER"]`` (default ``local[2]``). The
session runs in UTC, as DuckDB does, so ``TIMESTAMP '…'`` literals mean the same instant.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from django.conf import settings

_lock = threading.Lock()
_session = None

JAVA_HOMES = ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64")


def _ensure_java_home() -> None:
    # Loopback only: a closed network has no name for this host, and Spark's lookups of it
    # would each wait for a DNS timeout.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("SPARK_LOCAL_HOSTNAME", "localhost")
    if os.environ.get("JAVA_HOME"):
        return
    for candidate in JAVA_HOMES:
        if Path(candidate, "bin", "java").exists():
            os.environ["JAVA_HOME"] = candidate
            return


def session():
    """The process's Spark session (created once)."""
    global _session
    with _lock:
        if _session is None:
            _ensure_java_home()
            # py4j logs each closed connection at INFO, also from finalizers at interpreter
            # exit, when the log stream may already be closed.
            logging.getLogger("py4j").setLevel(logging.WARNING)
            from pyspark.sql import SparkSession

            conf = settings.SELLERDESK
            partitions = str(conf.get("SPARK_SHUFFLE_PARTITIONS", 8))
            _session = (
                SparkSession.builder.appName("sellerdesk-health")
                .master(conf.get("SPARK_MASTER", "local[2]"))
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
                .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
                .config("spark.sql.shuffle.partitions", partitions)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.ansi.enabled", "false")
                .getOrCreate()
            )
            _session.sparkContext.setLogLevel("ERROR")
        return _session


def stop() -> None:
    global _session
    with _lock:
        if _session is not None:
            _session.stop()
            _session = None


def run_metrics_query(sql: str, files: list[str]) -> list[tuple]:
    from .metric_sql import METRIC_COLUMNS

    spark = session()
    frame = spark.read.parquet(*files).select(*METRIC_COLUMNS)
    # A view per query under a fixed name: queries of one process run one at a time here.
    with _lock:
        frame.createOrReplaceTempView("orders")
        rows = spark.sql(sql).collect()
    return [tuple(row) for row in rows]
