"""A worker process for ``test_sweep_processes``: sweeps the test database once, in a process
of its own, when the test says go.

    python -m tests.sla.sweep_worker <database name> <now, ISO> <chunk>

Prints ``ready`` once Django is set up, waits for a line on stdin, sweeps, prints the number
of events it fired. The database name is the test database's (``connection.settings_dict``):
settings would otherwise name one per process id.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime


def main(argv: list[str]) -> int:
    name, now, chunk = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from sellerdesk.cases import sweep

    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    print("ready", flush=True)
    sys.stdin.readline()
    fired = sweep.sla_sweep(now=datetime.fromisoformat(now), chunk=int(chunk))
    print(fired, flush=True)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
