"""The ``sellerdesk`` command.

sellerdesk demo [--no-serve] [--json] [--host H] [--port P]
sellerdesk serve [--host H] [--port P] [--workers N] [--no-worker]
sellerdesk worker
sellerdesk token create --user EMAIL [--name NAME]
sellerdesk token revoke --prefix PREFIX
sellerdesk token list --user EMAIL
sellerdesk manage <django command> [args…]
sellerdesk kb load|reindex|search …          (see sellerdesk/knowledge/cli.py)
sellerdesk violations add|resolve|list …   (see sellerdesk/health/cli.py)
sellerdesk orders import FILE [--strict] …  (see sellerdesk/orders/cli.py)
sellerdesk health compute|evaluate --as-of DATE [--engine duckdb|spark] [--seller CODE]
                                            (see sellerdesk/health/cli.py)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys

from sellerdesk.health import cli as health_cli
from sellerdesk.knowledge import cli as knowledge_cli
from sellerdesk.lib.django_setup import setup_django
from sellerdesk.orders import cli as orders_cli


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _start_worker() -> subprocess.Popen:
    # A child process, not a thread: the worker and the web server must not share a GIL or a
    # crash. It inherits the environment, so both use the same database and queue.
    return subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "worker"])  # noqa: S603


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _serve(host: str, port: int, workers: int, with_worker: bool) -> int:
    from gunicorn.app.base import BaseApplication

    from config.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", int(os.environ.get("WEB_THREADS", "4")))
            self.cfg.set("accesslog", os.environ.get("ACCESS_LOG", "-"))
            self.cfg.set("timeout", 60)

        def load(self):
            return application

    worker = _start_worker() if with_worker else None
    try:
        Server().run()
    finally:
        _stop(worker)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    _migrate()
    from sellerdesk import demo

    base_url = f"http://{args.host}:{args.port}"
    users = demo.demo_load()
    if args.json:
        print(json.dumps({"base_url": base_url, "users": users}, ensure_ascii=False, indent=2))
    else:
        print(demo.demo_summary(base_url, users))
    sys.stdout.flush()
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, args.workers, with_worker=True)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    if not args.no_migrate:
        _migrate()
    print(f"sellerdesk on http://{args.host}:{args.port}", flush=True)
    return _serve(args.host, args.port, args.workers, with_worker=not args.no_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("run_huey")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    setup_django()
    from sellerdesk.accounts import services
    from sellerdesk.accounts.models import ApiToken, User

    if args.action == "revoke":
        token = ApiToken.objects.filter(prefix=args.prefix).first()
        if token is None:
            print(f"error: no token with prefix {args.prefix}", file=sys.stderr)
            return 2
        services.token_revoke(actor=None, token=token)
        print(f"revoked {token.prefix}")
        return 0
    user = User.objects.filter(email__iexact=args.user).first()
    if user is None:
        print(f"error: no user with email {args.user}", file=sys.stderr)
        return 2
    if args.action == "list":
        for token in user.api_tokens.all():
            state = "revoked" if token.revoked_at else "active"
            print(f"{token.prefix}\t{token.name}\t{token.created_at:%Y-%m-%d %H:%M}\t{state}")
        return 0
    _, raw = services.token_create(actor=None, user=user, name=args.name)
    print(raw)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sellerdesk manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sellerdesk", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def add_server_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    demo = sub.add_parser("demo", help="migrate, load demo data, serve web and worker")
    add_server_args(demo)
    demo.add_argument("--no-serve", action="store_true", help="load the demo data and exit")
    demo.add_argument("--json", action="store_true", help="print base URL and sign-ins as JSON")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the web UI and API (gunicorn) and the worker")
    add_server_args(serve)
    serve.add_argument("--no-worker", action="store_true", help="do not start the worker")
    serve.add_argument("--no-migrate", action="store_true", help="do not apply migrations")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background worker (Huey)")
    worker.set_defaults(func=cmd_worker)

    token = sub.add_parser("token", help="API tokens")
    token_sub = token.add_subparsers(dest="action", required=True)
    create = token_sub.add_parser("create", help="create a token and print it (shown once)")
    create.add_argument("--user", required=True, help="the user's email")
    create.add_argument("--name", default="cli", help="a label for the token")
    listing = token_sub.add_parser("list", help="list a user's tokens (prefixes only)")
    listing.add_argument("--user", required=True)
    revoke = token_sub.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("--prefix", required=True)
    token.set_defaults(func=cmd_token)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    # Each app adds its own commands (in this order, which is the order --help lists them).
    health_cli.register(sub)
    knowledge_cli.register(sub)
    orders_cli.register(sub)
    health_cli.register_health(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
