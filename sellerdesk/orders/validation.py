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


TEXT_TYPES = ("VARCHAR",)
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")
NUMBER_TYPES = (*INTEGER_TYPES, "UBIGINT", "HUGEINT", "FLOAT", "DOUBLE")
LOW, HIGH = "TIMESTAMPTZ '1900-01-01 00:00:00+00'", "TIMESTAMPTZ '2100-01-01 00:00:00+00'"


def _text_parse(column: cols.Column, raw: str) -> tuple[str, list[tuple[str, str]]]:
    """Typed expression and checks for a column that arrives as text."""
    norm = {"upper": f"upper({raw})", "lower": f"lower({raw})"}.get(column.case, raw)
    kind = column.kind
    checks: list[tuple[str, str]] = []
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
        return typed, checks
    if kind == "enum":
        typed = f"CASE WHEN {norm} IN ({', '.join(map(_lit, column.choices))}) THEN {norm} END"
        message = f"{_lit('must be one of ' + ', '.join(column.choices) + ', not ')}"
    elif kind == "timestamp":
        typed = (
            f"CASE WHEN regexp_full_match({raw}, {_lit(TIMESTAMP_RE)}) "
            f"THEN TRY_CAST({raw} AS TIMESTAMPTZ) END"
        )
        message = "'not a timestamp (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC): '"
    elif kind == "bool":
        words_true = ", ".join(map(_lit, TRUE_WORDS))
        words_false = ", ".join(map(_lit, FALSE_WORDS))
        typed = (
            f"CASE WHEN lower({raw}) IN ({words_true}) THEN TRUE "
            f"WHEN lower({raw}) IN ({words_false}) THEN FALSE END"
        )
        message = "'not true or false: '"
    elif kind == "int":
        typed = (
            f"CASE WHEN regexp_full_match({raw}, {_lit(INT_RE)}) THEN TRY_CAST({raw} AS BIGINT) END"
        )
        message = "'not a whole number of at least 0: '"
    else:  # decimal
        typed = (
            f"CASE WHEN regexp_full_match({raw}, {_lit(DECIMAL_RE)}) "
            f"THEN TRY_CAST({raw} AS DECIMAL(18,4)) END"
        )
        message = "'not an amount of at least 0 with up to 4 decimals: '"
    checks.append((f"{raw} IS NOT NULL AND {typed} IS NULL", f"{message} || {_shown(raw)}"))
    return typed, checks


def _typed_source(column: cols.Column, raw: str, source_type: str):
    """Typed expression and checks for a column a Parquet file already types, or None to
    fall back to parsing its text form."""
    kind = column.kind
    shown = _shown(f"CAST({raw} AS VARCHAR)")
    if kind == "timestamp" and source_type.startswith("TIMESTAMP"):
        typed = raw if source_type == "TIMESTAMP WITH TIME ZONE" else f"CAST({raw} AS TIMESTAMPTZ)"
        check = f"{raw} IS NOT NULL AND NOT ({typed} >= {LOW} AND {typed} < {HIGH})"
        return typed, [(check, f"'out of range (1900-2099): ' || {shown}")]
    if kind == "bool" and source_type == "BOOLEAN":
        return raw, []
    if kind == "int" and source_type in INTEGER_TYPES:
        typed = f"CAST({raw} AS BIGINT)"
        return typed, [(f"{typed} < 0", f"'not a whole number of at least 0: ' || {shown}")]
    if kind == "decimal" and (source_type.startswith("DECIMAL") or source_type in NUMBER_TYPES):
        typed = f"TRY_CAST(ROUND({raw}, 4) AS DECIMAL(18,4))"
        return typed, [
            (
                f"{raw} IS NOT NULL AND ({typed} IS NULL OR {typed} < 0)",
                f"'not an amount of at least 0 with up to 4 decimals: ' || {shown}",
            )
        ]
    return None


def _typed(column: cols.Column, source_type: str = "VARCHAR"):
    """(raw expression, typed expression, [(condition, message SQL)]) for one column; the
    raw expression is computed first as ``r_<name>``."""
    raw = f"r_{column.name}"
    checks: list[tuple[str, str]] = []
    if column.required:
        checks.append((f"{raw} IS NULL", _lit("required")))
    if source_type not in TEXT_TYPES:
        typed_source = _typed_source(column, raw, source_type)
        if typed_source is not None:
            typed, more = typed_source
            return column.name, typed, checks + more
        source = f"NULLIF(trim(CAST({column.name} AS VARCHAR)), '')"
    else:
        source = f"NULLIF(trim({column.name}), '')"
    typed, more = _text_parse(column, raw)
    return source, typed, checks + more


def check_sql(source_types: dict[str, str] | None = None) -> str:
    """The ``checked`` query over ``staged`` (a ``row`` column and the contract's columns, text
    or typed as ``source_types`` says): row, typed columns, errs."""
    source_types = source_types or {}
    raw_cols, typed_cols = [], []
    entries = []
    for column in cols.COLUMNS:
        source, typed, checks = _typed(column, source_types.get(column.name, "VARCHAR"))
        raw_cols.append(f"{source} AS r_{column.name}")
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
    # The list of messages is built only for rows that fail a check: building it for every
    # row would cost more than all the checks together.
    bad = " OR ".join(f"({cond})" for _, cond, _ in entries)
    typed_names = ", ".join(f"t.{c.name}" for c in cols.COLUMNS)
    return (
        f"SELECT t.row, {typed_names},\n"
        f"  CASE WHEN {bad} THEN list_filter([{errs}], x -> x IS NOT NULL) ELSE [] END AS errs\n"
        f"FROM (SELECT row, {', '.join(typed_cols)}, {', '.join('r_' + n for n in cols.NAMES)}\n"
        f"      FROM (SELECT row, {', '.join(raw_cols)} FROM staged)) t\n"
        "LEFT JOIN known_sellers ks ON ks.code = t.seller_code\n"
        "LEFT JOIN known_sites km ON km.code = t.marketplace"
    )


def validate(con, *, seller_codes, site_codes, source_types=None) -> None:
    """Create ``checked`` (every row, typed, with its errors), ``rejects(row, field, message)``
    and ``batch`` (the valid rows, at most one per key). Duplicated keys: the first valid row
    is kept and each later one rejected, naming the first. The records the reader could not
    split (``malformed``, see ``readers``) are rejects too."""
    import pyarrow as pa

    known_sellers = pa.table({"code": pa.array(sorted(seller_codes), pa.string())})
    known_sites = pa.table({"code": pa.array(sorted(site_codes), pa.string())})
    con.register("known_sellers_arrow", known_sellers)
    con.register("known_sites_arrow", known_sites)
    con.execute("CREATE TEMP TABLE known_sellers AS SELECT * FROM known_sellers_arrow")
    con.execute("CREATE TEMP TABLE known_sites AS SELECT * FROM known_sites_arrow")
    con.unregister("known_sellers_arrow")
    con.unregister("known_sites_arrow")
    con.execute(f"CREATE TABLE checked AS {check_sql(source_types)}")
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
        UNION ALL
        SELECT row, field, message FROM malformed
        """
    )
    names = ", ".join(cols.NAMES)
    # A view: the merge reads it once or twice, and copying every valid row costs more.
    # The month comes from the epoch, not strftime on a zoned timestamp (ten times faster).
    con.execute(
        f"""
        CREATE VIEW batch AS
        SELECT {names},
               strftime(make_timestamp(epoch_us(purchased_at)), '%Y-%m') AS {cols.PARTITION_COLUMN}
        FROM checked
        WHERE len(errs) = 0 AND row NOT IN (SELECT row FROM duplicates)
        """
    )
