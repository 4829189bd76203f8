"""``sellerdesk violations …``: policy-violation events from the command line (for the
marketplace's back office, a cron job, or an operator at a shell). The same service as
``POST /api/v1/violations``; audited as ``system:cli``.

sellerdesk violations add --seller CODE --marketplace US --kind ip_complaint --severity high
                          --detected-at 2026-03-01T08:00:00+08:00 [--resolved-at …]
                          [--asin B0…] [--reference REF]
sellerdesk violations resolve ID [--at TIME]
sellerdesk violations list --seller CODE [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime


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
    from sellerdesk.cli import _setup_django

    _setup_django()
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
