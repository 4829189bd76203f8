"""The order dataset on disk: Parquet files, a manifest that names them, a lock for writers.

Layout under ``settings.ORDERS_DIR`` (docs/adr/0004-orders-as-parquet.md)::

    manifest.json                       the current version: {"version", "files": [...], ...}
    data/marketplace=US/month=2025-03/  one compacted file per partition and version
        v000042-<random>.parquet
    tmp/                                work space of the import in progress
    .lock                               held (flock) by the one writer at a time

Readers load ``manifest.json`` once and read exactly the files it names, so they never see a
half-written import. A writer writes new partition files under new names, then replaces the
manifest with ``os.replace`` (atomic on POSIX): that rename is the commit. A crash before it
leaves the previous manifest and its files untouched; the orphans are swept by the next writer.
Files a version retires are deleted one version later, so a reader that loaded the previous
manifest just before a commit can still finish.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

MANIFEST = "manifest.json"


class DatasetLocked(Exception):
    """Another import holds the writer lock for longer than we were willing to wait."""


# The columns metric windows select on: each file records its min and max of them, so a
# computation reads only the files that can hold orders in its windows.
RANGE_COLUMNS = ("purchased_at", "ship_by", "promised_delivery_at")


@dataclass(frozen=True)
class PartitionFile:
    path: str  # relative to the dataset root
    marketplace: str
    month: str  # "YYYY-MM" of purchased_at
    rows: int
    # column -> [min, max] as ISO 8601 UTC text; None when unknown (the file is always read)
    ranges: dict | None = None

    def may_hold(self, column: str, low: str, high: str) -> bool:
        """Whether some row may have ``low <= column < high`` (ISO text compares in order)."""
        span = (self.ranges or {}).get(column)
        if not span or span[0] is None:
            return True
        return span[1] >= low and span[0] < high


@dataclass
class Manifest:
    version: int = 0
    files: list[PartitionFile] = field(default_factory=list)
    # Files the previous version named and this one does not: deleted after the next commit.
    retired: list[str] = field(default_factory=list)
    committed_at: float = 0.0

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "committed_at": self.committed_at,
            "files": [f.__dict__ for f in self.files],
            "retired": self.retired,
        }


def root() -> Path:
    path = Path(getattr(settings, "ORDERS_DIR", None) or Path(settings.DATA_DIR) / "orders")
    return path


def load_manifest(base: Path | None = None) -> Manifest:
    base = base or root()
    try:
        raw = json.loads((base / MANIFEST).read_text())
    except FileNotFoundError:
        return Manifest()
    return Manifest(
        version=raw["version"],
        files=[PartitionFile(**f) for f in raw["files"]],
        retired=list(raw.get("retired", [])),
        committed_at=raw.get("committed_at", 0.0),
    )


def current_files(
    base: Path | None = None, *, windows: list[tuple[str, str, str]] | None = None
) -> list[str]:
    """Absolute paths of the current version's files (empty when nothing was imported).
    With ``windows`` [(column, low, high)], only the files that may hold a row inside at least
    one of them."""
    base = base or root()
    files = load_manifest(base).files
    if windows is not None:
        files = [f for f in files if any(f.may_hold(c, lo, hi) for c, lo, hi in windows)]
    return [str(base / f.path) for f in files]


def partition_dir(marketplace: str, month: str) -> str:
    return f"data/marketplace={marketplace}/month={month}"


def new_file_name(version: int) -> str:
    return f"v{version:06d}-{secrets.token_hex(6)}.parquet"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(base: Path, previous: Manifest, files: list[PartitionFile]) -> Manifest:
    """Make ``files`` the current version: the atomic manifest swap. The caller holds the lock
    and has already moved every new file into place under ``data/``."""
    kept = {f.path for f in files}
    manifest = Manifest(
        version=previous.version + 1,
        files=sorted(files, key=lambda f: (f.marketplace, f.month, f.path)),
        retired=sorted(f.path for f in previous.files if f.path not in kept),
        committed_at=time.time(),
    )
    for name in {str(Path(f.path).parent) for f in files}:
        _fsync_dir(base / name)
    staging = base / f".{MANIFEST}.{secrets.token_hex(4)}"
    with open(staging, "w") as handle:
        json.dump(manifest.as_dict(), handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, base / MANIFEST)
    _fsync_dir(base)
    # Now safe: the files retired one version ago are named by no manifest a reader can load.
    for path in previous.retired:
        with contextlib.suppress(FileNotFoundError):
            (base / path).unlink()
    return manifest


def sweep(base: Path) -> None:
    """Delete what a crashed writer left behind: the work space and unnamed data files.
    Only called with the lock held, so nothing here belongs to a live writer."""
    shutil.rmtree(base / "tmp", ignore_errors=True)
    for staging in base.glob(f".{MANIFEST}.*"):
        staging.unlink(missing_ok=True)
    manifest = load_manifest(base)
    named = {f.path for f in manifest.files} | set(manifest.retired)
    data = base / "data"
    if not data.exists():
        return
    for path in data.rglob("*.parquet"):
        if str(path.relative_to(base)) not in named:
            path.unlink(missing_ok=True)
    for directory in sorted(data.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


@contextlib.contextmanager
def writer_lock(base: Path | None = None, *, timeout: float | None = None) -> Iterator[Path]:
    """Serialise writers: an exclusive ``flock`` on ``.lock``, released on exit or process
    death. Yields the dataset root, swept of any earlier crash's leftovers."""
    base = base or root()
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a+") as handle:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise DatasetLocked("another order import is running") from None
                time.sleep(0.05)
        try:
            sweep(base)
            yield base
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
