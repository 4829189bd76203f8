"""``sellerdesk orders import`` and ``sellerdesk health compute``.

sellerdesk orders import FILE [--strict] [--format csv|parquet|jsonl] [--rejects OUT.csv] [--json]
sellerdesk health compute --as-of DATE [--engine duckdb|spark] [--seller CODE …] [--json]

Exit codes: 0 imported (bad rows, if any, reported and skipped); 1 nothing imported (--strict
with bad rows); 2 the file was refused (wrong columns, encoding, not CSV/Parquet/JSONL, …).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path

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
    from sellerdesk.cli import _setup_django

    _setup_django()
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


def cmd_health(args: argparse.Namespace) -> int:
    from sellerdesk.cli import _setup_django

    _setup_django()
    from .metrics import compute_metrics

    values = compute_metrics(as_of=args.as_of, seller_codes=args.seller or None, engine=args.engine)
    for value in values:
        if args.json:
            print(json.dumps(asdict(value), default=str))
        else:
            rate = "-" if value.rate is None else f"{value.rate:.4%}"
            print(
                f"{value.seller_code}\t{value.marketplace}\t{value.metric}\t"
                f"{value.numerator}/{value.denominator}\t{rate}\t{value.status}"
            )
    return 0


def cmd_health_evaluate(args: argparse.Namespace) -> int:
    from sellerdesk.cli import _setup_django

    _setup_django()
    from sellerdesk.health.services import health_evaluate

    summary = health_evaluate(
        as_of=args.as_of, seller_codes=args.seller or None, engine=args.engine
    )
    print(json.dumps(asdict(summary), default=str, ensure_ascii=False))
    return 1 if summary.unknown_sellers else 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(sub) -> None:
    """Add ``orders`` and ``health`` to the ``sellerdesk`` command's subparsers."""
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

    health = sub.add_parser("health", help="account-health metrics")
    health_actions = health.add_subparsers(dest="action", required=True)
    compute = health_actions.add_parser(
        "compute", help="compute the metrics as of a date (one line per seller/site/metric)"
    )
    compute.add_argument("--as-of", required=True, type=_date, help="YYYY-MM-DD")
    compute.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    compute.add_argument("--seller", action="append", help="limit to a seller (repeatable)")
    compute.add_argument("--json", action="store_true", help="JSON lines")
    health.set_defaults(func=cmd_health)
    evaluate = health_actions.add_parser(
        "evaluate",
        help="compute the metrics, then score, snapshot, enforce and alert (the daily job)",
    )
    evaluate.add_argument("--as-of", required=True, type=_date, help="YYYY-MM-DD")
    evaluate.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    evaluate.add_argument("--seller", action="append", help="limit to a seller (repeatable)")
    evaluate.set_defaults(func=cmd_health_evaluate)
