"""Merge a validated batch into the Parquet dataset: upsert by (marketplace, order_id).

Given the table ``batch`` (typed rows, one per key) in a DuckDB connection:

1. read, from the current files of the batch's marketplaces, the stored rows with the batch's
   keys (only those rows are materialised);
2. classify each batch row as inserted, updated (some column differs) or unchanged;
3. if anything changed, rewrite only the affected partitions — those a changed row lands in and
   those an updated row's old version lived in (its purchase month may have moved) — as the
   old rows minus the changed keys plus the changed rows, into the work space, one compacted
   file per partition (snappy; not sorted: on two cores sorting doubled the write time and
   zstd's smaller files cost more to write than they saved to read);
4. move the new files under ``data/`` with fresh names and return the new file list. The
   caller commits it with ``dataset.commit`` (the atomic manifest swap).

Nothing under ``data/`` that the current manifest names is ever modified.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from . import columns as cols
from .dataset import RANGE_COLUMNS, Manifest, PartitionFile, new_file_name, partition_dir


@dataclass
class MergeResult:
    inserted: int
    updated: int
    unchanged: int
    files: list[PartitionFile] | None  # the new version's files; None when nothing changed


def _file_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _stored_select(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{c}" for c in cols.STORED_COLUMNS)


def _classify(con, existing: list[str]) -> None:
    con.execute(
        f"""
        CREATE TABLE existing AS
        SELECT {_stored_select("e.")}, e.filename AS old_file
        FROM read_parquet({_file_list(existing)}, filename = true, union_by_name = true) e
        SEMI JOIN batch b ON e.marketplace = b.marketplace AND e.order_id = b.order_id
        """
    )
    same = " AND ".join(
        f"b.{c} IS NOT DISTINCT FROM e.{c}" for c in cols.STORED_COLUMNS if c not in cols.KEY
    )
    con.execute(
        f"""
        CREATE TABLE classified AS
        SELECT {_stored_select("b.")},
               CASE WHEN e.order_id IS NULL THEN 'insert'
                    WHEN {same} THEN 'same' ELSE 'update' END AS change,
               e.old_file
        FROM batch b
        LEFT JOIN existing e ON e.marketplace = b.marketplace AND e.order_id = b.order_id
        """
    )


def _counts(con) -> dict[str, int]:
    rows = con.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall()
    counts = {"insert": 0, "update": 0, "same": 0}
    counts.update({change: int(n) for change, n in rows})
    return counts


def _affected(con, base: Path, manifest: Manifest) -> tuple[set[tuple[str, str]], list]:
    """Partitions to rewrite, and the current files in them."""
    partitions = {
        (m, month)
        for m, month in con.execute(
            f"SELECT DISTINCT marketplace, {cols.PARTITION_COLUMN} FROM classified "
            "WHERE change <> 'same'"
        ).fetchall()
    }
    by_path = {str(base / f.path): f for f in manifest.files}
    for (old_file,) in con.execute(
        "SELECT DISTINCT old_file FROM classified WHERE change = 'update'"
    ).fetchall():
        f = by_path.get(old_file)
        if f is not None:
            partitions.add((f.marketplace, f.month))
    rewrite = [f for f in manifest.files if (f.marketplace, f.month) in partitions]
    return partitions, rewrite


def _write(con, base: Path, rewrite: list[PartitionFile], out: Path, changed: str) -> None:
    if rewrite:
        paths = _file_list([str(base / f.path) for f in rewrite])
        kept = (
            f"SELECT {_stored_select('o.')} "
            f"FROM read_parquet({paths}, union_by_name = true) o "
            "ANTI JOIN (SELECT marketplace, order_id FROM classified WHERE change <> 'same') c "
            "ON o.marketplace = c.marketplace AND o.order_id = c.order_id"
        )
        source = f"{kept} UNION ALL {changed}"
    else:
        source = changed
    con.execute(
        f"""
        COPY ({source})
        TO '{str(out).replace("'", "''")}'
        (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (marketplace, {cols.PARTITION_COLUMN}),
         WRITE_PARTITION_COLUMNS true, ROW_GROUP_SIZE 122880)
        """
    )


def _footer(path: Path) -> tuple[int, dict]:
    """Row count and the [min, max] of the range columns, from the file's footer statistics."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    meta, names = parquet.metadata, parquet.schema_arrow.names
    ranges: dict[str, list] = {}
    for column in RANGE_COLUMNS:
        low = high = None
        index = names.index(column)
        for group in range(meta.num_row_groups):
            stats = meta.row_group(group).column(index).statistics
            if stats is None or not stats.has_min_max:
                if meta.row_group(group).num_rows:
                    low = high = None
                    break
                continue
            low = stats.min if low is None else min(low, stats.min)
            high = stats.max if high is None else max(high, stats.max)
        ranges[column] = [_iso(low), _iso(high)]
    return meta.num_rows, ranges


def _iso(value) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _install(base: Path, out: Path, version: int) -> list[PartitionFile]:
    """Move the written files into ``data/`` under new names (same file system: a rename)."""
    installed = []
    for market_dir in sorted(out.glob("marketplace=*")):
        marketplace = market_dir.name.split("=", 1)[1]
        for month_dir in sorted(market_dir.glob(f"{cols.PARTITION_COLUMN}=*")):
            month = month_dir.name.split("=", 1)[1]
            target_dir = base / partition_dir(marketplace, month)
            target_dir.mkdir(parents=True, exist_ok=True)
            for written in sorted(month_dir.glob("*.parquet")):
                rows, ranges = _footer(written)
                name = new_file_name(version)
                os.replace(written, target_dir / name)
                installed.append(
                    PartitionFile(
                        path=f"{partition_dir(marketplace, month)}/{name}",
                        marketplace=marketplace,
                        month=month,
                        rows=rows,
                        ranges=ranges,
                    )
                )
    return installed


def merge(con, base: Path, manifest: Manifest, workdir: Path) -> MergeResult:
    markets = {m for (m,) in con.execute("SELECT DISTINCT marketplace FROM batch").fetchall()}
    existing = [str(base / f.path) for f in manifest.files if f.marketplace in markets]
    out = workdir / "out"
    if not existing:
        # Nothing stored for these marketplaces yet (a first load): every row is new, no
        # comparison needed, and the rows go straight from the batch to the files.
        (count,) = con.execute("SELECT count(*) FROM batch").fetchone()
        if count == 0:
            return MergeResult(0, 0, 0, None)
        _write(con, base, [], out, f"SELECT {_stored_select()} FROM batch")
        installed = _install(base, out, manifest.version + 1)
        return MergeResult(int(count), 0, 0, [*manifest.files, *installed])
    _classify(con, existing)
    counts = _counts(con)
    if counts["insert"] == 0 and counts["update"] == 0:
        return MergeResult(0, 0, counts["same"], None)
    partitions, rewrite = _affected(con, base, manifest)
    changed = f"SELECT {_stored_select()} FROM classified WHERE change <> 'same'"
    _write(con, base, rewrite, out, changed)
    installed = _install(base, out, manifest.version + 1)
    gone = {f.path for f in rewrite}
    files = [f for f in manifest.files if f.path not in gone] + installed
    return MergeResult(counts["insert"], counts["update"], counts["same"], files)
