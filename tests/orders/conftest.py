"""Order-data helpers: a throwaway dataset directory, order rows with sensible defaults, files
in each supported format, and a reader for what the dataset holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sellerdesk.orders import columns as cols
from sellerdesk.orders import dataset
from sellerdesk.orders.engine_duckdb import connect


@pytest.fixture(autouse=True)
def orders_dir(settings, tmp_path) -> Path:
    settings.ORDERS_DIR = tmp_path / "orders"
    return settings.ORDERS_DIR


def order(order_id: str = "111-0000001-0000001", **overrides) -> dict:
    """One order as the contract names its columns (strings, as in a CSV)."""
    row = {
        "order_id": order_id,
        "seller_code": "A1SELLER",
        "marketplace": "US",
        "fulfilment_channel": "MFN",
        "purchased_at": "2025-03-01T10:00:00Z",
        "ship_by": "2025-03-03 10:00:00",
        "shipped_at": "2025-03-02T09:00:00+08:00",
        "tracking_id": "1Z999",
        "carrier": "UPS",
        "tracking_valid": "true",
        "promised_delivery_at": "2025-03-08T23:59:59Z",
        "delivered_at": "2025-03-07T12:00:00Z",
        "cancelled_at": "",
        "cancelled_by": "",
        "negative_feedback_at": "",
        "claim_at": "",
        "claim_outcome": "",
        "chargeback_at": "",
        "chargeback_kind": "",
        "units": "1",
        "order_total": "19.99",
        "currency": "USD",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8", columns=None) -> Path:
    columns = list(columns or cols.NAMES)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            record = {k: v for k, v in row.items() if v != ""}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    """Parquet with the contract's text columns (a typed file is tested separately)."""
    table = pa.table({name: [row.get(name) or None for row in rows] for name in cols.NAMES})
    pq.write_table(table, path)
    return path


def dataset_rows() -> list[dict]:
    """The current dataset, sorted by key, timestamps as ISO text in UTC."""
    files = dataset.current_files()
    if not files:
        return []
    con = connect()
    listed = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    names = ", ".join(
        f"CAST({c.name} AS VARCHAR) AS {c.name}" if c.kind in ("timestamp", "decimal") else c.name
        for c in cols.COLUMNS
    )
    sql = f"SELECT {names} FROM read_parquet({listed}) ORDER BY marketplace, order_id"  # noqa: S608
    cur = con.execute(sql)
    keys = [d[0] for d in cur.description]
    out = [dict(zip(keys, r, strict=True)) for r in cur.fetchall()]
    con.close()
    return out


@pytest.fixture
def sellers(seller_a, seller_b):
    return seller_a, seller_b
