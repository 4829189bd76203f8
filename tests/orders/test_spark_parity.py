"""The same generated dataset gives identical metrics on DuckDB and on Spark (local mode).

Slow (a JVM starts once for the module, ~20 s); marked ``spark``. It runs in CI: Java 17 is
on the machine. Only outside CI may it skip, and only when no ``java`` can be found.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from sellerdesk.accounts.models import Seller
from sellerdesk.orders import engine_spark
from sellerdesk.orders.metrics import compute_metrics
from sellerdesk.orders.services import order_import_run
from sellerdesk.orders.synthetic import generate_parquet, seller_code
from tests.parts import part_missing

pytestmark = pytest.mark.spark

SELLERS = 30


def _java_available() -> bool:
    engine_spark._ensure_java_home()
    home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (home and Path(home, "bin", "java").exists()))


@pytest.fixture(scope="module")
def spark():
    if not _java_available():
        part_missing("no java on this machine (the parity test needs Java 17)")
    yield engine_spark.session()
    engine_spark.stop()


@pytest.fixture
def generated(db, tmp_path):
    Seller.objects.bulk_create(
        Seller(code=seller_code(i), name=f"Synthetic {i}", home_country="CN")
        for i in range(SELLERS)
    )
    path = generate_parquet(
        tmp_path / "generated.parquet",
        orders=4000,
        sellers=SELLERS,
        start=date(2025, 1, 1),
        days=120,
        seed=11,
    )
    result = order_import_run(actor=None, path=path)
    assert (result.inserted, result.rejected) == (4000, [])
    return result


def test_duckdb_and_spark_agree(spark, generated):
    for as_of in (date(2025, 2, 10), date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 20)):
        on_duckdb = compute_metrics(as_of=as_of, engine="duckdb")
        on_spark = compute_metrics(as_of=as_of, engine="spark")
        assert len(on_duckdb) > 0, as_of
        assert on_spark == on_duckdb, as_of
        assert list(on_spark) == list(on_duckdb), as_of
    # The data is varied enough for the comparison to mean something.
    values = compute_metrics(as_of=date(2025, 4, 30))
    assert {v.status for v in values} == {"good", "bad", "no_data"}
    assert len({v.marketplace for v in values}) == 5
    assert sum(v.numerator for v in values) > 100


def test_seller_filter_agrees(spark, generated):
    chosen = [seller_code(3), seller_code(17)]
    on_duckdb = compute_metrics(as_of=date(2025, 4, 30), seller_codes=chosen)
    on_spark = compute_metrics(as_of=date(2025, 4, 30), seller_codes=chosen, engine="spark")
    assert {v.seller_code for v in on_duckdb} == set(chosen)
    assert on_spark == on_duckdb
