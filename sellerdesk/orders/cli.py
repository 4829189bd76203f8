"""``sellerdesk orders import``. (``sellerdesk health compute|evaluate``, which read the
order data, are account health's: ``sellerdesk/health/cli.py``.)

sellerdesk orders import FILE [--strict] [--format csv|parquet|jsonl] [--rejects OUT.csv] [--json]

Exit codes: 0 imported (bad rows, if any, reported and skipped); 1 nothing imported (--strict
with bad rows); 2 the file was refused (wrong columns, encoding, not CSV/Parquet/JSONL, …).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from sellerdesk.lib.django_setup import setup_django

SHOWN_REJECTS = 50


@contextmanager
def _progress_bar(enabled: bool):
    """A rich progress bar (one line per phase) on a terminal; nothing otherwise."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    bars = Progress(
        TextColumn("{task.description:>18}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        transient=False,
        console=Console(stderr=True),  # stdout stays the result, for scripts
    )
    tasks: dict[str, int] = {}

    def report(phase: str, fraction: float | None) -> None:
        if phase not in tasks:
            tasks[phase] = bars.add_task(phase, total=None if fraction is None else 1.0)
        task = tasks[phase]
        if fraction is not None:
            bars.update(task, total=1.0, completed=fraction)

    with bars:
        yield report


def cmd_orders(args: argparse.Namespace) -> int:
    setup_django()
    from sellerdesk.lib.errors import DomainError

    from .services import order_import_run

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    try:
        with _progress_bar(sys.stderr.isatty() and not args.json) as progress:
            result = order_import_run(
                actor=None,
                path=path,
                file_format=args.format,
                strict=args.strict,
                source="cli",
                progress=progress,
                rejects_out=Path(args.rejects) if args.rejects else None,
            )
    except DomainError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error.field}: {error.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False))
    else:
        print(
            f"import {result.id}: {result.status}; received {result.received}, inserted "
            f"{result.inserted}, updated {result.updated}, unchanged {result.unchanged}, "
            f"rejected {result.rejected_rows} rows"
        )
        for item in result.rejected[:SHOWN_REJECTS]:
            print(f"  row {item['row']}: {item['field']}: {item['message']}")
        hidden = len(result.rejected) - SHOWN_REJECTS
        if hidden > 0 or result.rejected_truncated:
            where = f" (all of them in {args.rejects})" if args.rejects else " (--rejects FILE)"
            print(f"  … more problems not shown{where}")
        if result.ignored_columns:
            print(f"  ignored unknown columns: {', '.join(result.ignored_columns)}")
    if result.status == "rejected":
        print("nothing was imported (--strict and some rows were rejected)", file=sys.stderr)
        return 1
    return 0


def register(sub) -> None:
    """Add ``orders`` to the ``sellerdesk`` command's subparsers."""
    orders = sub.add_parser("orders", help="order data (the account-health input)")
    actions = orders.add_subparsers(dest="action", required=True)
    imp = actions.add_parser(
        "import", help="import orders from CSV, Parquet or JSON Lines (upsert)"
    )
    imp.add_argument("file", help="the file (UTF-8, UTF-8 with BOM, or GB18030)")
    imp.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    imp.add_argument("--format", choices=["csv", "parquet", "jsonl"], default=None)
    imp.add_argument("--rejects", metavar="OUT.csv", help="write every rejected row here")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    orders.set_defaults(func=cmd_orders)
