"""Writers for order data: the import (the only code that changes the order dataset).

``order_import_run`` records the import, then, holding the dataset's writer lock, reads the
file into a DuckDB work database, validates every row, merges the valid rows and commits a new
dataset version atomically. Bad rows are reported (row, field, message) and skipped, or, with
``strict``, the whole file is refused. Each import leaves an ``OrderImport`` row and audit
events: one when it starts, one with its outcome.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import DomainError, FieldError
from sellerdesk.sites.models import Site

from . import dataset, readers, upsert, validation
from .models import MetricDefinition, OrderImport

# progress(phase, fraction done or None when unknown)
Progress = Callable[[str, float | None], None]


@dataclass
class ImportResult:
    id: int
    status: str
    file_format: str
    encoding: str
    received: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: int = 0
    rejected: list[dict] = field(default_factory=list)
    rejected_truncated: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    dataset_version: int | None = None


def _sha256(path: Path, progress: Progress | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = path.stat().st_size
    done = 0
    with open(path, "rb") as handle:
        while block := handle.read(4 * 1024 * 1024):
            digest.update(block)
            done += len(block)
            if progress and size:
                progress("hashing", done / size)
    return digest.hexdigest(), size


@contextmanager
def _tracked(con, progress: Progress | None, phase: str):
    """Report DuckDB's own progress of the running statement while the block runs."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.2):
            try:
                value = con.query_progress()
            except Exception:  # noqa: BLE001 - the statement may be ending under us
                value = -1.0
            if value >= 0:
                progress(phase, min(value, 100.0) / 100.0)

    thread = threading.Thread(target=poll, daemon=True)
    progress(phase, None)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        progress(phase, 1.0)


@transaction.atomic
def _import_start(*, actor, file_name, sha256, size, strict, source) -> OrderImport:
    record = OrderImport.objects.create(
        actor=actor,
        source=source,
        file_name=file_name[:255],
        sha256=sha256,
        size_bytes=size,
        strict=strict,
        started_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="orders.import_started",
        obj=record,
        after={"file_name": record.file_name, "sha256": sha256, "strict": strict},
        rule=None if actor else "orders-import",
    )
    return record


@transaction.atomic
def _import_finish(*, actor, record: OrderImport, **values) -> None:
    before = {"status": record.status}
    for key, value in values.items():
        setattr(record, key, value)
    record.finished_at = timezone.now()
    record.save()
    audit_record(
        actor=actor,
        action="orders.import_finished",
        obj=record,
        before=before,
        after={
            key: getattr(record, key)
            for key in (
                "status",
                "received",
                "inserted",
                "updated",
                "unchanged",
                "rejected_rows",
                "dataset_version",
                "error",
            )
        },
        rule=None if actor else "orders-import",
    )


def _rejections(con, limit: int, rejects_out: Path | None) -> tuple[int, int, list[dict]]:
    """(rejected rows, problems, the first ``limit`` problems)."""
    count, problems = con.execute("SELECT count(DISTINCT row), count(*) FROM rejects").fetchone()
    rows = con.execute(
        "SELECT row, field, message FROM rejects ORDER BY row, field LIMIT ?", [limit]
    ).fetchall()
    if rejects_out is not None:
        target = str(rejects_out).replace("'", "''")
        con.execute(
            f"COPY (SELECT row, field, message FROM rejects ORDER BY row, field) "
            f"TO '{target}' (HEADER, DELIMITER ',')"
        )
    return (
        int(count),
        int(problems),
        [{"row": int(r), "field": f, "message": m} for r, f, m in rows],
    )


def _run(record, path, file_name, file_format, strict, progress, rejects_out) -> ImportResult:
    limit = settings.SELLERDESK.get("ORDERS_REJECTS_REPORTED", 1000)
    with dataset.writer_lock() as base:
        workdir = base / "tmp" / f"import-{record.pk}"
        workdir.mkdir(parents=True)
        con = _work_connection(workdir)
        try:
            fmt = readers.detect_format(file_name, path, file_format)
            result = ImportResult(id=record.pk, status="running", file_format=fmt, encoding="")

            size = path.stat().st_size

            def bytes_read(done: int) -> None:
                if progress and size:
                    progress("checking encoding", done / size)

            with _tracked(con, progress, "reading"):
                staged = readers.stage(con, path, fmt, workdir, bytes_read)
            result.encoding = staged.encoding
            result.received = staged.received
            result.ignored_columns = staged.ignored_columns
            with _tracked(con, progress, "validating"):
                try:
                    validation.validate(
                        con,
                        seller_codes=Seller.objects.values_list("code", flat=True).iterator(),
                        site_codes=Site.objects.filter(active=True).values_list("code", flat=True),
                        source_types=staged.source_types,
                    )
                except duckdb.Error as exc:
                    # A Parquet file is first read here (a damaged page, say).
                    detail = str(exc).split("\n")[0]
                    raise readers.FileRejected(
                        f"The file could not be read ({detail}); nothing was imported.",
                        [FieldError("file", "unreadable", detail)],
                    ) from None
            result.rejected_rows, problems, result.rejected = _rejections(con, limit, rejects_out)
            result.rejected_truncated = problems > len(result.rejected)
            if strict and result.rejected_rows:
                result.status = OrderImport.Status.REJECTED.value
                return result
            manifest = dataset.load_manifest(base)
            with _tracked(con, progress, "merging"):
                merged = upsert.merge(con, base, manifest, workdir)
            result.inserted, result.updated = merged.inserted, merged.updated
            result.unchanged = merged.unchanged
            if merged.files is not None:
                result.dataset_version = dataset.commit(base, manifest, merged.files).version
            else:
                result.dataset_version = manifest.version or None
            result.status = OrderImport.Status.SUCCEEDED.value
            return result
        finally:
            con.close()
            # The work space, and any file a failed merge moved under data/ unnamed.
            dataset.sweep(base)


def _work_connection(workdir: Path):
    """DuckDB on a database file in the work space: big files spill to disk, not to RAM."""
    conf = settings.SELLERDESK
    con = duckdb.connect(
        str(workdir / "work.duckdb"),
        config={
            "threads": conf.get("ORDERS_DUCKDB_THREADS", 2),
            "memory_limit": conf.get("ORDERS_DUCKDB_MEMORY_LIMIT", "1GB"),
            "temp_directory": str(workdir / "spill"),
            "preserve_insertion_order": True,
        },
    )
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    return con


def order_import_run(
    *,
    actor,
    path: Path,
    file_name: str | None = None,
    file_format: str | None = None,
    strict: bool = False,
    source: str = "cli",
    progress: Progress | None = None,
    rejects_out: Path | None = None,
) -> ImportResult:
    """Import one order file. Raises ``DomainError`` (FileRejected, UnsupportedFormat) for a file
    that cannot be imported at all; the import is then recorded as failed and the dataset is
    unchanged. Returns the counts otherwise (status ``rejected`` when strict refused it)."""
    path = Path(path)
    file_name = file_name or path.name
    sha256, size = _sha256(path, progress)
    record = _import_start(
        actor=actor, file_name=file_name, sha256=sha256, size=size, strict=strict, source=source
    )
    try:
        result = _run(record, path, file_name, file_format, strict, progress, rejects_out)
    except DomainError as exc:
        _import_finish(
            actor=actor, record=record, status=OrderImport.Status.FAILED, error=exc.detail
        )
        raise
    except BaseException as exc:
        _import_finish(
            actor=actor,
            record=record,
            status=OrderImport.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    _import_finish(
        actor=actor,
        record=record,
        status=result.status,
        file_format=result.file_format,
        encoding=result.encoding,
        received=result.received,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected_rows=result.rejected_rows,
        rejected_sample=result.rejected,
        dataset_version=result.dataset_version,
    )
    return result


METRIC_FIELDS = (
    "name_en",
    "name_zh",
    "formula",
    "window_days",
    "lag_days",
    "fulfilment_channel",
    "target",
    "target_condition",
    "enabled",
    "position",
)


@transaction.atomic
def metric_definition_save(*, actor, definition: MetricDefinition) -> MetricDefinition:
    """Save an operator's change to a metric definition (admin), audited before and after.
    The next computation uses it; past snapshots keep the values they were computed with."""
    definition.full_clean()
    before = {}
    if definition.pk:
        old = MetricDefinition.objects.get(pk=definition.pk)
        before = {f: str(getattr(old, f)) for f in METRIC_FIELDS}
    definition.save()
    audit_record(
        actor=actor,
        action="metric_definition.saved",
        obj=definition,
        before=before,
        after={f: str(getattr(definition, f)) for f in METRIC_FIELDS},
    )
    return definition
