"""``sellerdesk kb …``: the Seller University corpus and search index from the command line.

sellerdesk kb load [--path DIR]   load the corpus (Markdown with front matter), idempotently
sellerdesk kb reindex             rebuild the search rows and the FTS index
sellerdesk kb search QUERY [--lang en|zh-hans] [--category CODE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sellerdesk.lib.django_setup import setup_django


def cmd_kb(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if args.action == "search":
        from . import selectors

        result = selectors.search_articles(args.query, language=args.lang, category=args.category)
        for hit in result.hits:
            print(f"{hit.score:8.3f}  [{hit.article.language}] {hit.article.title}")
        return 0
    try:
        if args.action == "load":
            extra = ["--path", str(args.path)] if args.path else []
            call_command("kb_load", *extra)
        else:
            call_command("kb_reindex")
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def register(sub) -> None:
    kb = sub.add_parser("kb", help="Seller University: load the corpus, reindex, search")
    kb_sub = kb.add_subparsers(dest="action", required=True)
    load = kb_sub.add_parser("load", help="load the corpus (idempotent)")
    load.add_argument("--path", type=Path, default=None, help="a folder with en/ and zh-hans/")
    kb_sub.add_parser("reindex", help="rebuild the search rows and index")
    search = kb_sub.add_parser("search", help="search from the shell")
    search.add_argument("query")
    search.add_argument("--lang", choices=["en", "zh-hans"], default=None)
    search.add_argument("--category", default=None)
    kb.set_defaults(func=cmd_kb)
