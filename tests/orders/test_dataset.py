"""The dataset's commit protocol: leftovers of a crashed writer are swept, and files a version
retires stay readable until the version after."""

from __future__ import annotations

import os
from pathlib import Path

from sellerdesk.orders import dataset
from sellerdesk.orders.services import order_import_run

from .conftest import dataset_rows, order, write_csv


def test_a_crashed_writers_leftovers_are_swept(sellers, tmp_path):
    order_import_run(actor=None, path=write_csv(tmp_path / "a.csv", [order("a")]))
    base = dataset.root()
    # What a writer killed between writing files and swapping the manifest leaves behind.
    orphan = base / dataset.partition_dir("US", "2025-03") / "v000002-deadbeef0000.parquet"
    orphan.write_bytes(b"half written")
    (base / "tmp" / "import-99").mkdir(parents=True)
    (base / ".manifest.json.abcd").write_text("{")
    assert dataset_rows()[0]["order_id"] == "a"  # readers never look at unnamed files
    with dataset.writer_lock():
        pass
    assert not orphan.exists()
    assert not (base / "tmp").exists()
    assert not (base / ".manifest.json.abcd").exists()
    assert [r["order_id"] for r in dataset_rows()] == ["a"]


def test_retired_files_outlive_one_more_version(sellers, tmp_path):
    order_import_run(actor=None, path=write_csv(tmp_path / "1.csv", [order("a")]))
    first = dataset.current_files()
    order_import_run(actor=None, path=write_csv(tmp_path / "2.csv", [order("a", units="2")]))
    # A reader that loaded version 1 just before the commit can still read its files.
    assert all(os.path.exists(f) for f in first)
    assert dataset.load_manifest().retired == [
        str(Path(f).relative_to(dataset.root())) for f in first
    ]
    order_import_run(actor=None, path=write_csv(tmp_path / "3.csv", [order("a", units="3")]))
    assert not any(os.path.exists(f) for f in first)
    assert dataset.load_manifest().version == 3
    assert dataset_rows()[0]["units"] == 3
