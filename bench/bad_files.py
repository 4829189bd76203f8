"""Benchmark: bad order files at 2 GB (issue 5, "Bad files … a 2 GB file").

Generates one CSV of ``--gib`` GiB (default 2.0) of synthetic orders (``sellerdesk.orders.
synthetic``) in which a few rows in every ``--every`` are planted faults: an impossible purchase
date, an unknown marketplace code, an unknown seller, a record with a field too many and one
with a field too few; other rows carry a UTF-8 carrier name
("顺丰速运") so that the file is not plain ASCII. Then, each in its own process (peak memory is
that process's max RSS, from ``wait4``), through ``order_import_run``, the service behind
``sellerdesk orders import`` and ``POST /api/v1/orders/import``:

  lenient      the file into an empty dataset: every planted row rejected with its row number
               and field, every other row kept
  strict       the same file with ``strict=True`` into another empty dataset: refused, nothing
               written
  encoding     a copy of the file with one GB18030 line appended at the very end (a UTF-8 file
               with a GBK spreadsheet row pasted in): refused naming that line, nothing written
  truncated    the orders as one Parquet file cut in half: refused, nothing written

It exits non-zero when any of these does not hold. Usage::

    .venv/bin/python bench/bad_files.py                   # 2 GiB (~11.6 M rows, ~30 min)
    .venv/bin/python bench/bad_files.py --gib 0.05        # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import bench_setup

START = date(2025, 1, 1)
DAYS = 90
SELLERS = 10_000
FAULTS = {  # offset within each block of --every rows -> (column, planted value)
    0: ("purchased_at", "2025-02-30 10:00:00+00"),
    1: ("marketplace", "XX"),
    2: ("seller_code", "NOSUCH01"),
}
UTF8_CARRIER_OFFSET = 3
TOO_MANY_FIELDS = 4  # malformed records: DuckDB's reader keeps them aside as rejected rows
TOO_FEW_FIELDS = 5
GBK_CARRIER = "顺丰速运"


def _django(workdir: Path, orders_dir: str) -> None:
    bench_setup.django_for_phase(workdir, workdir / orders_dir)


def _dataset_rows(workdir: Path, orders_dir: str) -> int:
    """Orders in a dataset's committed version: its manifest's files, counted by DuckDB."""
    import duckdb

    manifest = workdir / orders_dir / "manifest.json"
    if not manifest.exists():
        return 0
    files = [
        str(workdir / orders_dir / f["path"]) for f in json.loads(manifest.read_text())["files"]
    ]
    if not files:
        return 0
    return duckdb.sql(f"SELECT count(*) FROM read_parquet({files!r})").fetchone()[0]


# --- phases (each in its own process) -----------------------------------------------------


def phase_generate(args) -> dict:
    import duckdb
    from django.core.management import call_command

    from sellerdesk.accounts.models import Seller
    from sellerdesk.orders.synthetic import generate_parquet, seller_code

    workdir = Path(args.workdir)
    call_command("migrate", interactive=False, verbosity=0)
    Seller.objects.bulk_create(
        Seller(code=seller_code(i), name=f"Seller {i}", home_country="CN") for i in range(SELLERS)
    )
    started = time.perf_counter()
    sample = workdir / "sample.parquet"
    generate_parquet(sample, orders=20_000, sellers=SELLERS, start=START, days=DAYS, seed=7)
    con = duckdb.connect(config={"threads": 2})
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"COPY (SELECT * FROM '{sample}') TO '{workdir / 'sample.csv'}' (HEADER)")
    per_row = (workdir / "sample.csv").stat().st_size / 20_000
    rows = int(args.gib * 2**30 / per_row) + 1
    parquet = workdir / "orders.parquet"
    generate_parquet(parquet, orders=rows, sellers=SELLERS, start=START, days=DAYS, seed=7)
    # Each line built as text, unquoted (no generated value holds a comma or a quote), so that
    # a planted value need not be of its column's type and a record can have a field too many
    # or too few.
    every = args.every
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()]
    fields = []
    for name in names:
        cases = [
            f"WHEN n % {every} = {offset} THEN '{value}'"
            for offset, (column, value) in FAULTS.items()
            if column == name
        ]
        if name == "carrier":
            cases.append(f"WHEN n % {every} = {UTF8_CARRIER_OFFSET} THEN '{GBK_CARRIER}'")
        text = f"coalesce(CAST({name} AS VARCHAR), '')"
        fields.append(f"CASE {' '.join(cases)} ELSE {text} END" if cases else text)
    line = (
        f"CASE WHEN n % {every} = {TOO_MANY_FIELDS} THEN concat_ws(',', {', '.join(fields)}, 'x') "
        f"WHEN n % {every} = {TOO_FEW_FIELDS} THEN concat_ws(',', {', '.join(fields[:-1])}) "
        f"ELSE concat_ws(',', {', '.join(fields)}) END"
    )
    csv = workdir / "orders.csv"
    con.execute(
        f'COPY (SELECT {line} AS "{",".join(names)}" FROM (SELECT row_number() OVER () - 1 '
        f"AS n, * FROM '{parquet}')) TO '{csv}' (FORMAT csv, HEADER, QUOTE '', ESCAPE '')"
    )
    planted = sorted(
        n + 1  # data rows are numbered from 1 after the header
        for n in range(rows)
        if n % every in (*FAULTS, TOO_MANY_FIELDS, TOO_FEW_FIELDS)
    )
    (workdir / "planted.json").write_text(json.dumps(planted))
    # The same file with one line in GB18030 at the end.
    mixed = workdir / "mixed.csv"
    shutil.copyfile(csv, mixed)
    plain = ", ".join(f"coalesce(CAST({name} AS VARCHAR), '')" for name in names)
    (last,) = con.execute(f"SELECT {plain} FROM '{parquet}' LIMIT 1 OFFSET {rows - 1}").fetchall()
    row = dict(zip(names, last, strict=True))
    row["order_id"] += "-GBK"
    row["carrier"] = GBK_CARRIER
    with open(mixed, "ab") as handle:
        handle.write((",".join(v or "" for v in row.values()) + "\n").encode("gb18030"))
    # The Parquet file cut in half.
    truncated = workdir / "truncated.parquet"
    with open(parquet, "rb") as source, open(truncated, "wb") as target:
        target.write(source.read(parquet.stat().st_size // 2))
    return {
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "csv_bytes": csv.stat().st_size,
        "planted_faults": len(planted),
        "mixed_line": rows + 2,  # header, the rows, then the GB18030 line
        "truncated_bytes": truncated.stat().st_size,
    }


def _run_import(path: Path, *, strict: bool = False) -> dict:
    from sellerdesk.lib.errors import DomainError
    from sellerdesk.orders.services import order_import_run

    started = time.perf_counter()
    try:
        result = order_import_run(actor=None, path=path, strict=strict)
    except DomainError as exc:
        return {
            "seconds": time.perf_counter() - started,
            "refused": exc.detail,
            "errors": [e.as_dict() for e in getattr(exc, "errors", [])][:3],
        }
    return {
        "seconds": time.perf_counter() - started,
        "status": result.status,
        "received": result.received,
        "inserted": result.inserted,
        "rejected_rows": result.rejected_rows,
        "rejected": result.rejected,
        "rejected_truncated": result.rejected_truncated,
    }


def phase_lenient(args) -> dict:
    return _run_import(Path(args.workdir) / "orders.csv")


def phase_strict(args) -> dict:
    return _run_import(Path(args.workdir) / "orders.csv", strict=True)


def phase_encoding(args) -> dict:
    return _run_import(Path(args.workdir) / "mixed.csv")


def phase_truncated(args) -> dict:
    return _run_import(Path(args.workdir) / "truncated.parquet")


PHASES = {
    "generate": ("orders-unused", phase_generate),
    "lenient": ("orders-lenient", phase_lenient),
    "strict": ("orders-strict", phase_strict),
    "encoding": ("orders-encoding", phase_encoding),
    "truncated": ("orders-truncated", phase_truncated),
}


# --- driver -------------------------------------------------------------------------------


def run_phase(name: str, args) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--workdir", str(args.workdir)]
    command += ["--gib", str(args.gib), "--every", str(args.every)]
    result = bench_setup.run_phase_process(name, command)
    result["peak_rss_mib"] = round(result["peak_rss_mib"], 1)
    result["process_cpu_seconds"] = round(result["process_cpu_seconds"], 1)
    result["stored_rows"] = _dataset_rows(Path(args.workdir), PHASES[name][0])
    shown = {k: v for k, v in result.items() if k != "rejected"}
    print(f"{name:>10}: {json.dumps(shown, ensure_ascii=False)}", flush=True)
    return result


def check(results: dict, workdir: Path) -> list[str]:
    """What the issue asks of each bad file; an empty list when all of it holds."""
    problems = []
    gen = results["generate"]
    planted = json.loads((workdir / "planted.json").read_text())
    lenient = results["lenient"]
    if lenient.get("rejected_rows") != len(planted):
        problems.append(f"lenient: {lenient.get('rejected_rows')} rejected, planted {len(planted)}")
    if lenient.get("inserted") != gen["rows"] - len(planted) or lenient["stored_rows"] != (
        gen["rows"] - len(planted)
    ):
        problems.append("lenient: the valid rows were not all kept")
    reported = {r["row"] for r in lenient.get("rejected", [])}
    if not reported or not reported <= set(planted):
        problems.append(f"lenient: reported rows {sorted(reported)[:5]} are not the planted ones")
    fields = {r["field"] for r in lenient.get("rejected", [])}
    if not {"purchased_at", "marketplace", "seller_code", "row"} <= fields:
        problems.append(f"lenient: rejected fields {sorted(fields)}")
    strict = results["strict"]
    if strict.get("status") != "rejected" or strict["stored_rows"] != 0:
        problems.append(f"strict: {strict.get('status')}, {strict['stored_rows']} rows stored")
    encoding = results["encoding"]
    if "refused" not in encoding or str(gen["mixed_line"]) not in encoding["refused"]:
        problems.append(f"encoding: not refused naming line {gen['mixed_line']}: {encoding}")
    if encoding["stored_rows"] != 0:
        problems.append("encoding: rows were stored")
    truncated = results["truncated"]
    if "refused" not in truncated or truncated["stored_rows"] != 0:
        problems.append(f"truncated: {truncated}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=2.0, help="size of the CSV file, GiB")
    parser.add_argument("--every", type=int, default=250_000, help="faults per this many rows")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--keep", action="store_true", help="keep the files afterwards")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if args.phase:
        _django(args.workdir, PHASES[args.phase][0])
        print(json.dumps(PHASES[args.phase][1](args), ensure_ascii=False, default=str))
        return 0
    args.workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sellerdesk-badfiles-"))
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"work dir {args.workdir}; load average {os.getloadavg()}", flush=True)
    results = {name: run_phase(name, args) for name in PHASES}
    results["load_average_after"] = os.getloadavg()
    problems = check(results, args.workdir)
    for problem in problems:
        print("FAIL", problem)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
    print("all checks hold" if not problems else f"{len(problems)} checks failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
