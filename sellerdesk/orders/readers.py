"""Read an order file (CSV, JSON Lines or Parquet) into DuckDB as text columns, unvalidated.

The result is a relation ``staged``: ``row`` (the record's 1-based number in the file, a CSV
header not counted) and one column per contract column (absent optional columns are NULL). CSV
and JSON Lines are copied as text into a table in file order (``rowid`` gives the number);
DuckDB streams them from disk into a database file in the import's work space, so a file larger
than memory spills there instead of filling RAM. A Parquet file is already columnar and typed:
``staged`` is a view over it (``file_row_number``), read once by the validation.

A CSV record that cannot be split into the header's fields (too few or too many, an
unterminated quote) is a rejected row, not a broken file: it goes to ``malformed(row, field,
message)``, which the validation adds to its rejects, and the rows after it keep their numbers.
Every format creates ``malformed`` (empty unless CSV).

File-level problems (not a supported format, a missing required column, a truncated Parquet
file, mixed encodings) raise ``FileRejected``: nothing is imported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sellerdesk.lib.errors import DomainError, FieldError, ValidationFailed

from . import columns as cols
from .encoding import EncodingProblem, prepare_text_file, read_first_line

FORMATS = ("csv", "jsonl", "parquet")
EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


class FileRejected(ValidationFailed):
    title = "File rejected"


class UnsupportedFormat(DomainError):
    status = 415
    title = "Unsupported media type"


@dataclass
class Staged:
    file_format: str
    encoding: str
    received: int
    ignored_columns: list[str] = field(default_factory=list)
    # DuckDB type of each contract column as it arrives (VARCHAR unless Parquet typed it).
    source_types: dict[str, str] = field(default_factory=dict)


def _reject(message: str, code: str, field_name: str = "file") -> FileRejected:
    return FileRejected(message, [FieldError(field_name, code, message)])


def detect_format(name: str, path: Path, explicit: str | None = None) -> str:
    if explicit:
        fmt = explicit.lower()
        if fmt == "json":
            fmt = "jsonl"
        if fmt not in FORMATS:
            raise UnsupportedFormat(
                f"Unknown format {explicit!r}: use csv, parquet or jsonl.",
                [FieldError("format", "invalid", "use csv, parquet or jsonl")],
            )
        return fmt
    suffix = Path(name).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{"):
        return "jsonl"
    if b"," in head or b";" in head or b"\t" in head:
        return "csv"
    raise UnsupportedFormat(
        "Cannot tell the file's format: send .csv, .parquet or .jsonl (or say --format).",
        [FieldError("file", "unsupported_format", "not CSV, Parquet or JSON Lines")],
    )


def _normalise(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _check_columns(present: list[str]) -> list[str]:
    """Raise on duplicate or missing required columns; return the ignored (unknown) ones."""
    seen: set[str] = set()
    errors = []
    for name in present:
        if name in seen:
            errors.append(FieldError(f"columns.{name}", "duplicate", f"column {name} twice"))
        seen.add(name)
    missing = [name for name in cols.REQUIRED if name not in seen]
    for name in missing:
        errors.append(FieldError(f"columns.{name}", "missing_column", f"no column {name}"))
    if errors:
        what = "missing required columns: " + ", ".join(missing) if missing else "bad header"
        raise FileRejected(f"Wrong columns ({what}); nothing was imported.", errors)
    return [name for name in present if name not in cols.BY_NAME]


MALFORMED_TABLE = "CREATE TABLE malformed (row BIGINT, field VARCHAR, message VARCHAR)"


def _create_staged(con, source_sql: str, mapping: dict[str, str]) -> None:
    """Copy a text file's records into ``staged_text`` in file order; ``staged`` numbers them."""
    select = ", ".join(
        f"CAST({mapping[name]} AS VARCHAR) AS {name}"
        if name in mapping
        else f"CAST(NULL AS VARCHAR) AS {name}"
        for name in cols.NAMES
    )
    con.execute(f"CREATE TABLE staged_text AS SELECT {select} FROM {source_sql}")
    con.execute("CREATE VIEW staged AS SELECT rowid + 1 AS row, * FROM staged_text")


# DuckDB's reject types for a record it cannot split (all columns are read as text, so a cast
# never fails here).
_FIELD_COUNT = ("MISSING COLUMNS", "TOO MANY COLUMNS")


def _stage_malformed(con, positions: dict[str, str], expected: int) -> None:
    """``malformed`` from DuckDB's ``csv_rejects``, and ``staged`` renumbered around them.

    DuckDB counts ``line`` in records (a quoted line break does not start a new one), header
    included, so a rejected record's row is ``line - 1``. The accepted records are numbered by
    ``rowid`` in file order; each one is shifted by the rejected records before it: with the
    rejected rows r₁ < r₂ < … the j-th has ``r_j − j`` accepted rows before it, and an
    accepted row ``a`` (1-based) is record ``a + #{j : r_j − j < a}`` (an ASOF join)."""
    # Header names are the sender's text: quoted as literals.
    column_names = ", ".join(
        f"('{key}', '{name.replace(chr(39), chr(39) * 2)}')" for key, name in positions.items()
    )
    con.execute(
        f"""
        CREATE TABLE malformed AS
        WITH named(key, name) AS (VALUES {column_names}),
        problems AS (
            SELECT CAST(r.line - 1 AS BIGINT) AS row, r.error_type::VARCHAR AS kind,
                   n.name AS column_name, r.error_message,
                   trim(r.csv_line, chr(13) || chr(10)) AS csv_line,
                   TRY_CAST(regexp_extract(r.error_message, 'Found: (\\d+)', 1) AS BIGINT) AS found
            FROM csv_rejects r LEFT JOIN named n ON n.key = r.column_name
        )
        -- DuckDB reports a short record once per missing field and a long one once per extra
        -- field, each with a running count: the fewest and the most are what the row had.
        SELECT row, 'row' AS field,
               'expected {expected} fields, found '
               || CASE WHEN kind = 'MISSING COLUMNS' THEN min(found) ELSE max(found) END
               AS message
        FROM problems WHERE kind IN {_FIELD_COUNT} GROUP BY row, kind
        UNION
        SELECT row, coalesce(column_name, 'row'),
            CASE
              WHEN kind = 'UNQUOTED VALUE' AND strpos(csv_line, chr(10)) > 0 THEN
                'unterminated quote: the quoted value runs on over '
                || (length(csv_line) - length(replace(csv_line, chr(10), '')) + 1)
                || ' lines, taking the rows there with it'
              WHEN kind = 'UNQUOTED VALUE' THEN 'unterminated or stray quote'
              WHEN kind = 'LINE SIZE OVER MAXIMUM' THEN 'the line is too long'
              ELSE error_message
            END
        FROM problems WHERE kind NOT IN {_FIELD_COUNT}
        """
    )
    (count,) = con.execute("SELECT count(*) FROM malformed").fetchone()
    if not count:
        return
    con.execute(
        """
        CREATE TABLE malformed_shift AS
        SELECT accepted_before, max(shift) AS shift FROM (
            SELECT row - row_number() OVER (ORDER BY row) AS accepted_before,
                   row_number() OVER (ORDER BY row) AS shift
            FROM (SELECT DISTINCT row FROM malformed)
        ) GROUP BY accepted_before
        """
    )
    con.execute(
        """
        CREATE OR REPLACE VIEW staged AS
        SELECT s.rowid + 1 + coalesce(m.shift, 0) AS row, s.*
        FROM staged_text s ASOF LEFT JOIN malformed_shift m ON s.rowid + 1 > m.accepted_before
        """
    )


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")


def _stage_csv(con, path: Path, workdir: Path, bytes_read) -> tuple[str, list[str]]:
    try:
        prepared = prepare_text_file(path, workdir, bytes_read)
    except EncodingProblem as exc:
        raise _reject(str(exc), "encoding") from None
    header = read_first_line(prepared.path)
    if not header.strip():
        raise _reject("The file is empty or has no header line.", "empty")
    delimiter = max(",;\t", key=header.count)
    names = [_normalise(n) for n in next(csv.reader([header], delimiter=delimiter))]
    ignored = _check_columns(names)
    positions = {f"c{i}": name for i, name in enumerate(names)}
    mapping = {name: f"c{i}" for i, name in enumerate(names) if name in cols.BY_NAME}
    columns = "{" + ", ".join(f"'{key}': 'VARCHAR'" for key in positions) + "}"
    # The delimiter is one of , ; or a literal tab: safe inside the SQL string literal.
    # store_rejects: a record DuckDB cannot split is kept aside in csv_rejects (with its line)
    # instead of failing the scan.
    source = (
        f"read_csv({_quote_path(prepared.path)}, columns={columns}, header=true, "
        f"delim='{delimiter}', quote='\"', escape='\"', auto_detect=false, strict_mode=true, "
        "nullstr='', store_rejects=true, rejects_table='csv_rejects', "
        "rejects_scan='csv_reject_scans')"
    )
    try:
        _create_staged(con, source, mapping)
        _stage_malformed(con, positions, len(names))
    except duckdb.Error as exc:
        text = str(exc)
        match = _CSV_LINE.search(text)
        detail = text.split("\n")[0].replace("Invalid Input Error: ", "")
        if match:
            detail = f"line {match.group(1)} of the file is not valid CSV"
        raise _reject(f"{detail}; nothing was imported.", "malformed_csv") from None
    return prepared.encoding, ignored


def _stage_jsonl(con, path: Path, workdir: Path, bytes_read) -> tuple[str, list[str]]:
    try:
        prepared = prepare_text_file(path, workdir, bytes_read)
    except EncodingProblem as exc:
        raise _reject(str(exc), "encoding") from None
    quoted = _quote_path(prepared.path)
    try:
        keys = con.execute(
            "SELECT DISTINCT unnest(json_keys(json)) FROM "
            f"read_json_objects({quoted}, format='newline_delimited')"
        ).fetchall()
        present = sorted({_normalise(k) for (k,) in keys})
        if not present:
            raise _reject("The file has no JSON records.", "empty")
        ignored = _check_columns(present)
        wanted = [k for (k,) in keys if _normalise(k) in cols.BY_NAME]
        columns = "{" + ", ".join(f"'{k}': 'VARCHAR'" for k in wanted) + "}"
        source = f"read_json({quoted}, format='newline_delimited', columns={columns})"
        _create_staged(con, source, {_normalise(k): _ident(k) for k in wanted})
    except duckdb.Error as exc:
        detail = str(exc).split("\n")[0].replace("Invalid Input Error: ", "")
        detail = detail.replace(str(prepared.path), "the file").strip()
        raise _reject(
            f"Not valid JSON Lines: {detail}; nothing was imported.", "malformed_json"
        ) from None
    return prepared.encoding, ignored


def _stage_parquet(con, path: Path) -> tuple[str, list[str], dict[str, str]]:
    import pyarrow.parquet as pq

    try:
        names = pq.ParquetFile(path).schema_arrow.names
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        raise _reject(
            f"Not a readable Parquet file (truncated or corrupt: {exc}); nothing was imported.",
            "invalid_parquet",
        ) from None
    actual = {_normalise(n): n for n in names}
    ignored = _check_columns([_normalise(n) for n in names])
    source = f"read_parquet({_quote_path(path)}, file_row_number = true)"
    try:
        described = dict(
            (name, str(kind))
            for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        )
    except duckdb.Error as exc:
        detail = str(exc).split("\n")[0]
        raise _reject(
            f"The Parquet file could not be read ({detail}); nothing was imported.",
            "invalid_parquet",
        ) from None
    select, types = [], {}
    for name in cols.NAMES:
        if name in actual:
            select.append(f"{_ident(actual[name])} AS {name}")
            types[name] = described[actual[name]]
        else:
            select.append(f"CAST(NULL AS VARCHAR) AS {name}")
    con.execute(
        f"CREATE VIEW staged AS SELECT file_row_number + 1 AS row, {', '.join(select)} "
        f"FROM {source}"
    )
    return "", ignored, types


def stage(
    con,
    path: Path,
    file_format: str,
    workdir: Path,
    bytes_read: Callable[[int], None] | None = None,
) -> Staged:
    types: dict[str, str] = {}
    if file_format == "csv":
        encoding, ignored = _stage_csv(con, path, workdir, bytes_read)
    else:
        con.execute(MALFORMED_TABLE)
        if file_format == "jsonl":
            encoding, ignored = _stage_jsonl(con, path, workdir, bytes_read)
        else:
            encoding, ignored, types = _stage_parquet(con, path)
    try:
        (received,) = con.execute(
            "SELECT (SELECT count(*) FROM staged) + (SELECT count(DISTINCT row) FROM malformed)"
        ).fetchone()
    except duckdb.Error as exc:
        detail = str(exc).split("\n")[0]
        raise _reject(f"The file could not be read ({detail}).", "unreadable") from None
    return Staged(file_format, encoding, int(received), ignored, types)
