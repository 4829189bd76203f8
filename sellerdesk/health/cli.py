"""Account health from the command line.

``sellerdesk violations …``: policy-violation events (for the marketplace's back office, a cron
job, or an operator at a shell). The same service as ``POST /api/v1/violations``; audited as
``system:cli``.

sellerdesk violations add --seller CODE --marketplace US --kind ip_complaint --severity high
                          --detected-at 2026-03-01T08:00:00+08:00 [--resolved-at …]
                          [--asin B0…] [--reference REF]
sellerdesk violations resolve ID [--at TIME]
sellerdesk violations list --seller CODE [--limit N]

``sellerdesk health …``: the metrics over the order data, and the daily evaluation on demand.

sellerdesk health compute --as-of DATE [--engine duckdb|spark] [--seller CODE …] [--json]
sellerdesk health evaluate --as-of DATE [--engine duckdb|spark] [--seller CODE …]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, date, datetime

from sellerdesk.lib.django_setup import setup_django


def _when(value: str) -> datetime:
    """RFC 3339 / ISO 8601 with an offset (a bare date means midnight UTC)."""
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date-time: {value!r}") from None
    if parsed.tzinfo is None and len(text) == 10:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _print_errors(exc) -> None:
    print(f"error: {exc.detail}", file=sys.stderr)
    for error in exc.errors:
        print(f"  {error.field}: {error.message} ({error.code})", file=sys.stderr)


def cmd_violations(args: argparse.Namespace) -> int:
    setup_django()
    from sellerdesk.accounts.models import Seller
    from sellerdesk.lib.errors import DomainError

    from . import services
    from .models import PolicyViolation
    from .schemas import violation_out

    try:
        if args.action == "add":
            violation = services.violation_create(
                actor=None,
                seller_code=args.seller,
                marketplace=args.marketplace,
                kind=args.kind,
                severity=args.severity,
                detected_at=args.detected_at,
                resolved_at=args.resolved_at,
                asin=args.asin,
                reference=args.reference,
                rule="cli",
            )
        elif args.action == "resolve":
            row = PolicyViolation.objects.filter(pk=args.id).first()
            if row is None:
                print(f"error: no violation with id {args.id}", file=sys.stderr)
                return 2
            violation = services.violation_resolve(
                actor=None, violation=row, resolved_at=args.at, rule="cli"
            )
        else:
            seller = Seller.objects.filter(code=args.seller.strip().upper()).first()
            if seller is None:
                print(f"error: no seller {args.seller}", file=sys.stderr)
                return 2
            rows = PolicyViolation.objects.filter(seller=seller).select_related("seller", "site")
            for row in rows[: args.limit]:
                print(json.dumps(violation_out(row), default=str, ensure_ascii=False))
            return 0
    except DomainError as exc:
        _print_errors(exc)
        return 2 if exc.status != 409 else 3
    print(json.dumps(violation_out(violation), default=str, ensure_ascii=False))
    return 0


def register(sub) -> None:
    """Add ``violations`` to the ``sellerdesk`` command's subparsers."""
    violations = sub.add_parser("violations", help="policy-violation events (account health)")
    actions = violations.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="record a policy violation; prints it as JSON")
    add.add_argument("--seller", required=True, help="seller code")
    add.add_argument("--marketplace", required=True, help="site code, e.g. US")
    add.add_argument(
        "--kind",
        required=True,
        help="ip_complaint, authenticity, condition, safety, listing_policy, "
        "restricted_product or other",
    )
    add.add_argument("--severity", required=True, help="low, medium, high or critical")
    add.add_argument("--detected-at", required=True, type=_when, help="ISO 8601 with offset")
    add.add_argument("--resolved-at", type=_when, default=None)
    add.add_argument("--asin", default="")
    add.add_argument("--reference", default="", help="your id for the event (unique per seller)")
    resolve = actions.add_parser("resolve", help="mark a violation resolved")
    resolve.add_argument("id", type=int)
    resolve.add_argument("--at", type=_when, default=None, help="when (default: now)")
    listing = actions.add_parser("list", help="a seller's violations, newest first (JSON lines)")
    listing.add_argument("--seller", required=True)
    listing.add_argument("--limit", type=int, default=50)
    violations.set_defaults(func=cmd_violations)


def cmd_health(args: argparse.Namespace) -> int:
    setup_django()
    from sellerdesk.orders.metrics import compute_metrics

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
    setup_django()
    from .services import health_evaluate

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


def register_health(sub) -> None:
    """Add ``health`` (metrics and evaluation) to the ``sellerdesk`` command's subparsers."""
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
