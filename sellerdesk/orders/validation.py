"""Validate every staged row at once, in SQL: types, enums, timestamps, required fields, pairs,
known sellers and active sites, and duplicates within the file.

``check_sql`` renders a query over ``staged`` (text columns, see ``readers``) and the tables
``known_sellers(code)`` and ``known_sites(code)`` that gives, per row: its number, each column
typed and normalised, and ``errs``, a list of ``field<TAB>message`` for everything wrong with it.
Pure: the SQL is built from ``columns.COLUMNS`` alone.

Timestamps: RFC 3339 (``2025-03-01T09:30:00Z``, ``…+08:00``, fractions allowed) or
``YYYY-MM-DD HH:MM:SS`` (with ``T`` or a space), taken as UTC when no offset is given. A date
alone, or an impossible date (February 30), is rejected.
"""

from __future__ import annotations

from . import columns as cols

TIMESTAMP_RE = (
    r"^(19|20)\d{2}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)?$"
)
INT_RE = r"^[+]?\d{1,18}$"
DECIMAL_RE = r"^[+]?\d{1,14}(\.\d{1,4})?$"
CURRENCY_RE = r"^[A-Z]{3}$"
TRUE_WORDS = ("true", "t", "1", "yes", "y")
FALSE_WORDS = ("false", "f", "0", "no", "n")


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _shown(raw: str) -> str:
    """The offending value in a message: quoted, cut to 40 characters."""
    return f"'''' || left({raw}, 40) || ''''"


def _typed(column: cols.Column) -> tuple[str, list[tuple[str, str]]]:
    """(typed expression over r_<name>, [(condition, message SQL)]) for one column."""
    raw = f"r_{column.name}"
    norm = {"upper": f"upper({raw})", "lower": f"lower({raw})"}.get(column.case, raw)
    checks: list[tuple[str, str]] = []
    if column.required:
        checks.append((f"{raw} IS NULL", _lit("required")))
    kind = column.kind
    if kind == "text":
        typed = norm
        if column.max_length:
            checks.append(
                (
                    f"length({raw}) > {column.max_length}",
                    _lit(f"longer than {column.max_length} characters"),
                )
            )
        if column.name == "currency":
            checks.append(
                (
                    f"{raw} IS NOT NULL AND NOT regexp_full_match({norm}, {_lit(CURRENCY_RE)})",
                    f"'not a 3-letter currency code: ' || {_shown(raw)}",
                )
            )
    elif kind == "enum":
        typed = f"CASE WHEN {norm} IN ({', '.join(map(_lit, column.choices))}) THEN {norm} END"
        checks.append(
            (
                f"{raw} IS NOT NULL AND {typed} IS NULL",
                f"{_lit('must be one of ' + ', '.join(column.choices) + ', not ')} || "
                f"{_shown(raw)}",
            )
        )
    elif kind == "timestamp":
        value = f"replace(upper({raw}), 'T', ' ')"
        typed = (
            f"CASE WHEN regexp_full_match(upper({raw}), {_lit(TIMESTAMP_RE)}) "
            f"THEN TRY_CAST({value} AS TIMESTAMPTZ) END"
        )
        checks.append(
            (
                f"{raw} IS NOT NULL AND {typed} IS NULL",
                f"'not a timestamp (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC): ' || {_shown(raw)}",
            )
        )
    elif kind == "bool":
        words_true = ", ".join(map(_lit, TRUE_WORDS))
        words_false = ", ".join(map(_lit, FALSE_WORDS))
        typed = (
            f"CASE WHEN lower({raw}) IN ({words_true}) THEN TRUE "
            f"WHEN lower({raw}) IN ({words_false}) THEN FALSE END"
        )
        checks.append(
            (
                f"{raw} IS NOT NULL AND {typed} IS NULL",
                f"'not true or false: ' || {_shown(raw)}",
            )
        )
    elif kind == "int":
        typed = (
            f"CASE WHEN regexp_full_match({raw}, {_lit(INT_RE)}) THEN TRY_CAST({raw} AS BIGINT) END"
        )
        checks.append(
            (
                f"{raw} IS NOT NULL AND {typed} IS NULL",
                f"'not a whole number of at least 0: ' || {_shown(raw)}",
            )
        )
    else:  # decimal
        typed = (
            f"CASE WHEN regexp_full_match({raw}, {_lit(DECIMAL_RE)}) "
            f"THEN TRY_CAST({raw} AS DECIMAL(18,4)) END"
        )
        checks.append(
            (
                f"{raw} IS NOT NULL AND {typed} IS NULL",
                f"'not an amount of at least 0 with up to 4 decimals: ' || {_shown(raw)}",
            )
        )
    return typed, checks


def check_sql() -> str:
    """The ``checked`` query: row, typed columns, errs."""
    raw_cols = ", ".join(f"NULLIF(trim({c.name}), '') AS r_{c.name}" for c in cols.COLUMNS)
    typed_cols = []
    entries = []
    for column in cols.COLUMNS:
        typed, checks = _typed(column)
        typed_cols.append(f"{typed} AS {column.name}")
        for condition, message in checks:
            entries.append((column.name, condition, message))
    for a, b in cols.PAIRS:
        entries.append(
            (b, f"r_{a} IS NOT NULL AND r_{b} IS NULL", _lit(f"required when {a} is given"))
        )
        entries.append(
            (a, f"r_{b} IS NOT NULL AND r_{a} IS NULL", _lit(f"required when {b} is given"))
        )
    entries.append(
        (
            "seller_code",
            "t.seller_code IS NOT NULL AND ks.code IS NULL",
            "'unknown seller ' || " + _shown("t.seller_code"),
        )
    )
    entries.append(
        (
            "marketplace",
            "t.marketplace IS NOT NULL AND km.code IS NULL",
            "'unknown or inactive marketplace ' || " + _shown("t.marketplace"),
        )
    )
    for later in ("ship_by", "promised_delivery_at"):
        entries.append(
            (later, f"t.{later} < t.purchased_at", _lit(f"{later} is before purchased_at"))
        )
    errs = ", ".join(
        f"CASE WHEN {cond} THEN {_lit(name + chr(9))} || ({msg}) END" for name, cond, msg in entries
    )
    typed_names = ", ".join(f"t.{c.name}" for c in cols.COLUMNS)
    return (
        f"SELECT t.row, {typed_names}, list_filter([{errs}], x -> x IS NOT NULL) AS errs\n"
        f"FROM (SELECT row, {', '.join(typed_cols)}, {', '.join('r_' + n for n in cols.NAMES)}\n"
        f"      FROM (SELECT rowid + 1 AS row, {raw_cols} FROM staged)) t\n"
        "LEFT JOIN known_sellers ks ON ks.code = t.seller_code\n"
        "LEFT JOIN known_sites km ON km.code = t.marketplace"
    )


def validate(con, *, seller_codes, site_codes) -> None:
    """Create ``checked`` (every row, typed, with its errors), ``rejects(row, field, message)``
    and ``batch`` (the valid rows, at most one per key). Duplicated keys: the first valid row
    is kept and each later one rejected, naming the first."""
    import pyarrow as pa

    known_sellers = pa.table({"code": pa.array(sorted(seller_codes), pa.string())})
    known_sites = pa.table({"code": pa.array(sorted(site_codes), pa.string())})
    con.register("known_sellers_arrow", known_sellers)
    con.register("known_sites_arrow", known_sites)
    con.execute("CREATE TEMP TABLE known_sellers AS SELECT * FROM known_sellers_arrow")
    con.execute("CREATE TEMP TABLE known_sites AS SELECT * FROM known_sites_arrow")
    con.unregister("known_sellers_arrow")
    con.unregister("known_sites_arrow")
    con.execute(f"CREATE TABLE checked AS {check_sql()}")
    con.execute(
        """
        CREATE TABLE duplicates AS
        SELECT row, first_row FROM (
            SELECT row, min(row) OVER (PARTITION BY marketplace, order_id) AS first_row
            FROM checked WHERE len(errs) = 0
        ) WHERE row <> first_row
        """
    )
    con.execute(
        """
        CREATE TABLE rejects AS
        SELECT row, split_part(e, chr(9), 1) AS field,
               substr(e, strpos(e, chr(9)) + 1) AS message
        FROM (SELECT row, unnest(errs) AS e FROM checked WHERE len(errs) > 0)
        UNION ALL
        SELECT row, 'order_id',
               'duplicate of row ' || first_row || ' (same marketplace and order_id)'
        FROM duplicates
        """
    )
    names = ", ".join(cols.NAMES)
    con.execute(
        f"""
        CREATE TABLE batch AS
        SELECT {names}, strftime(purchased_at, '%Y-%m') AS {cols.PARTITION_COLUMN}
        FROM checked
        WHERE len(errs) = 0 AND row NOT IN (SELECT row FROM duplicates)
        """
    )
