"""Importing order files: formats, encodings, upsert, rejected rows and refused files."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sellerdesk.audit.models import AuditEvent
from sellerdesk.orders import dataset, encoding
from sellerdesk.orders.models import OrderImport
from sellerdesk.orders.readers import FileRejected, UnsupportedFormat
from sellerdesk.orders.services import order_import_run

from .conftest import dataset_rows, order, write_csv, write_jsonl, write_parquet


def run(path, **kwargs):
    return order_import_run(actor=None, path=path, **kwargs)


def three_orders() -> list[dict]:
    return [
        order("111-0000001-0000001"),
        order("111-0000001-0000002", carrier="顺丰", tracking_id="SF1234567890"),
        order("111-0000001-0000003", seller_code="B2SELLER", marketplace="DE", currency="EUR"),
    ]


def test_csv_utf8_is_imported_and_typed(sellers, tmp_path):
    result = run(write_csv(tmp_path / "o.csv", three_orders()))
    assert (result.status, result.file_format, result.encoding) == ("succeeded", "csv", "utf-8")
    assert (result.received, result.inserted, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert result.rejected == []
    rows = dataset_rows()
    assert [r["order_id"] for r in rows] == [
        "111-0000001-0000003",
        "111-0000001-0000001",
        "111-0000001-0000002",
    ]
    first = rows[1]
    # +08:00 is converted; a bare "YYYY-MM-DD HH:MM:SS" is UTC.
    assert first["shipped_at"] == "2025-03-02 01:00:00+00"
    assert first["ship_by"] == "2025-03-03 10:00:00+00"
    assert first["tracking_valid"] is True
    assert first["units"] == 1
    assert first["order_total"] == "19.9900"
    assert first["cancelled_by"] is None
    assert rows[2]["carrier"] == "顺丰"
    record = OrderImport.objects.get(pk=result.id)
    assert (record.status, record.inserted, record.dataset_version) == ("succeeded", 3, 1)
    assert len(record.sha256) == 64
    actions = set(
        AuditEvent.objects.filter(
            object_type="orders.orderimport", object_id=str(record.pk)
        ).values_list("action", flat=True)
    )
    assert actions == {"orders.import_started", "orders.import_finished"}


def test_csv_with_bom_and_gb18030(sellers, tmp_path):
    bom = run(write_csv(tmp_path / "bom.csv", three_orders()[:1], encoding="utf-8-sig"))
    assert (bom.encoding, bom.inserted) == ("utf-8-sig", 1)
    gb = run(write_csv(tmp_path / "gb.csv", three_orders()[1:2], encoding="gb18030"))
    assert (gb.encoding, gb.inserted, gb.rejected) == ("gb18030", 1, [])
    assert [r["carrier"] for r in dataset_rows()] == ["UPS", "顺丰"]


def test_gb18030_found_after_many_ascii_lines(sellers, tmp_path, monkeypatch):
    # Small chunks: the ASCII lines read before the first Chinese text are copied as they are.
    monkeypatch.setattr(encoding, "CHUNK", 64)
    rows = [order(f"A-{i}") for i in range(20)] + [order("GB-1", carrier="中通快递")]
    result = run(write_csv(tmp_path / "gb.csv", rows, encoding="gb18030"))
    assert (result.encoding, result.inserted, result.rejected) == ("gb18030", 21, [])
    assert {r["carrier"] for r in dataset_rows()} == {"UPS", "中通快递"}


def test_parquet_jsonl_and_typed_parquet(sellers, tmp_path):
    rows = three_orders()
    assert run(write_parquet(tmp_path / "o.parquet", rows)).inserted == 3
    assert run(write_jsonl(tmp_path / "o.jsonl", rows)).unchanged == 3
    # A typed Parquet file (timestamps, booleans, integers, decimals) means the same orders.
    from decimal import Decimal

    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    typed = tmp_path / "typed.parquet"
    source = tmp_path / "o.parquet"
    con.execute(f"COPY (SELECT * FROM '{source}') TO '{typed}' (FORMAT parquet)")  # noqa: S608
    table = pq.read_table(typed)
    stamps = {c for c in table.column_names if c.endswith("_at") or c == "ship_by"}
    arrays = {}
    for name in table.column_names:
        column = table[name]
        if name in stamps:
            text = [None if v is None else v.replace(" ", "T") for v in column.to_pylist()]
            arrays[name] = pa.array(
                [None if v is None else _ts(v) for v in text], pa.timestamp("us", tz="UTC")
            )
        elif name == "tracking_valid":
            arrays[name] = pa.array([v == "true" for v in column.to_pylist()])
        elif name == "units":
            arrays[name] = pa.array([int(v) for v in column.to_pylist()], pa.int32())
        elif name == "order_total":
            arrays[name] = pa.array([Decimal(v) for v in column.to_pylist()], pa.decimal128(10, 2))
        else:
            arrays[name] = column
    pq.write_table(pa.table(arrays), typed)
    result = run(typed)
    assert (result.file_format, result.unchanged, result.rejected) == ("parquet", 3, [])


def _ts(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_reimport_changes_nothing_and_updates_are_upserts(sellers, tmp_path):
    path = write_csv(tmp_path / "o.csv", three_orders())
    run(path)
    before = (dataset.root() / dataset.MANIFEST).read_text()
    again = run(path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert (dataset.root() / dataset.MANIFEST).read_text() == before
    assert again.dataset_version == 1

    changed = three_orders()
    changed[0]["delivered_at"] = "2025-03-09T00:00:00Z"
    # Purchase month moves from March to February: the order changes partition, not count.
    changed[1]["purchased_at"] = "2025-02-27T00:00:00Z"
    changed.append(order("111-0000001-0000004"))
    result = run(write_csv(tmp_path / "o2.csv", changed))
    assert (result.inserted, result.updated, result.unchanged) == (1, 2, 1)
    assert result.dataset_version == 2
    rows = {r["order_id"]: r for r in dataset_rows()}
    assert len(rows) == 4 == len(dataset_rows())
    assert rows["111-0000001-0000001"]["delivered_at"] == "2025-03-09 00:00:00+00"
    months = {(f.marketplace, f.month) for f in dataset.load_manifest().files}
    assert months == {("US", "2025-02"), ("US", "2025-03"), ("DE", "2025-03")}


def test_bad_rows_are_reported_and_the_rest_kept(sellers, tmp_path):
    rows = [
        order("ok-1"),
        order(
            "bad-many",
            fulfilment_channel="FBA",
            ship_by="2025-13-01 00:00:00",
            units="-1",
            cancelled_by="seller",
        ),
        order("bad-seller", seller_code="NOSUCH1"),
        order("bad-site", marketplace="XX"),
        order("bad-date", purchased_at="2025-03-01"),
        order("bad-enums", claim_at="2025-03-05 00:00:00", claim_outcome="lost", chargeback_at=""),
        order("", order_total="12,50"),
        order("ok-1"),  # the same key again
    ]
    result = run(write_csv(tmp_path / "o.csv", rows))
    assert (result.received, result.inserted, result.rejected_rows) == (8, 1, 7)
    problems = {(p["row"], p["field"]) for p in result.rejected}
    assert problems == {
        (2, "fulfilment_channel"),
        (2, "ship_by"),
        (2, "units"),
        (2, "cancelled_at"),
        (3, "seller_code"),
        (4, "marketplace"),
        (5, "purchased_at"),
        (6, "claim_outcome"),
        (7, "order_id"),
        (7, "order_total"),
        (8, "order_id"),
    }
    messages = {(p["row"], p["field"]): p["message"] for p in result.rejected}
    assert "'2025-13-01 00:00:00'" in messages[(2, "ship_by")]
    assert messages[(2, "fulfilment_channel")] == "must be one of AFN, MFN, not 'FBA'"
    assert messages[(3, "seller_code")] == "unknown seller 'NOSUCH1'"
    assert messages[(7, "order_id")] == "required"
    assert messages[(8, "order_id")] == "duplicate of row 1 (same marketplace and order_id)"
    assert [r["order_id"] for r in dataset_rows()] == ["ok-1"]


def test_strict_keeps_nothing(sellers, tmp_path):
    run(write_csv(tmp_path / "first.csv", [order("kept-before")]))
    rows = [order("new-1"), order("new-2", ship_by="yesterday")]
    result = run(write_csv(tmp_path / "o.csv", rows), strict=True)
    assert result.status == "rejected"
    assert (result.inserted, result.rejected_rows) == (0, 1)
    assert result.rejected == [
        {
            "row": 2,
            "field": "ship_by",
            "message": "not a timestamp (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC): 'yesterday'",
        }
    ]
    assert [r["order_id"] for r in dataset_rows()] == ["kept-before"]
    assert OrderImport.objects.get(pk=result.id).status == "rejected"


def refused(path, **kwargs) -> FileRejected:
    before = dataset_rows()
    with pytest.raises(FileRejected) as caught:
        run(path, **kwargs)
    assert dataset_rows() == before
    assert OrderImport.objects.order_by("-pk").first().status == "failed"
    return caught.value


def test_missing_required_column_refuses_the_file(sellers, tmp_path):
    run(write_csv(tmp_path / "first.csv", [order("kept")]))
    columns = [c for c in order() if c not in ("ship_by", "currency")]
    error = refused(write_csv(tmp_path / "o.csv", [order("new")], columns=columns))
    assert "ship_by" in error.detail and "currency" in error.detail
    assert {e.field for e in error.errors} == {"columns.ship_by", "columns.currency"}


def test_optional_columns_may_be_absent_and_unknown_ones_are_ignored(sellers, tmp_path):
    required = [
        "order_id",
        "seller_code",
        "marketplace",
        "fulfilment_channel",
        "purchased_at",
        "ship_by",
        "promised_delivery_at",
        "units",
        "order_total",
        "currency",
    ]
    row = order("minimal", note="hello")
    result = run(write_csv(tmp_path / "o.csv", [row], columns=[*required, "note"]))
    assert (result.inserted, result.ignored_columns) == (1, ["note"])
    assert dataset_rows()[0]["shipped_at"] is None


def test_mixed_encodings_are_refused_naming_the_line(sellers, tmp_path):
    path = tmp_path / "mixed.csv"
    write_csv(path, [order("u1", carrier="顺丰"), order("u2")])
    with open(path, "ab") as handle:
        line = ",".join(order("g1", carrier="中通").values()) + "\r\n"
        handle.write(line.encode("gb18030"))
    error = refused(path)
    assert "line 4" in error.detail and "mixes encodings" in error.detail

    path = tmp_path / "mixed2.csv"
    write_csv(path, [order("g1", carrier="顺丰")], encoding="gb18030")
    with open(path, "ab") as handle:
        handle.write((",".join(order("u1", carrier="中通").values()) + "\r\n").encode())
    error = refused(path)
    assert "line 3" in error.detail and "mixes encodings" in error.detail


def test_truncated_parquet_is_refused(sellers, tmp_path):
    run(write_csv(tmp_path / "first.csv", [order("kept")]))
    good = write_parquet(tmp_path / "o.parquet", [order(f"p{i}") for i in range(50)])
    data = good.read_bytes()
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(data[: len(data) // 2])
    error = refused(cut)
    assert error.errors[0].code == "invalid_parquet"
    assert "truncated or corrupt" in error.detail


def _record(row: dict) -> str:
    """One CSV record as csv.writer writes it (quotes where needed, CRLF at the end)."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(list(row.values()))
    return out.getvalue()


def test_a_csv_record_with_the_wrong_fields_is_a_rejected_row(sellers, tmp_path):
    """Too few or too many fields, or a stray quote: that row is rejected with its number and
    the rows after it keep theirs (a quoted line break is inside one record)."""
    path = write_csv(tmp_path / "o.csv", [])
    records = [
        _record(order("r1")),
        "only,three,fields\r\n",
        _record(order("r3", carrier="two\nlines")),
        _record(order("r4")).replace(",UPS,", ",UPS,extra,"),  # 23 fields
        _record(order("r5")).replace(",1Z999,", ',"1Z"9,'),  # a stray quote
        _record(order("r6")),
        _record(order("r7")),
        _record(order("r8")).replace(",UPS,", ",,,,"),  # 24 fields
        _record(order("r9")),
    ]
    with open(path, "a", newline="") as handle:
        handle.write("".join(records))
    result = run(path)
    assert result.status == "succeeded"
    assert (result.received, result.inserted, result.rejected_rows) == (9, 5, 4)
    assert [(p["row"], p["field"], p["message"]) for p in result.rejected] == [
        (2, "row", "expected 22 fields, found 3"),
        (4, "row", "expected 22 fields, found 23"),
        (5, "tracking_id", "unterminated or stray quote"),
        (8, "row", "expected 22 fields, found 24"),
    ]
    assert sorted(r["order_id"] for r in dataset_rows()) == ["r1", "r3", "r6", "r7", "r9"]
    # The valid rows are checked under their own numbers: a bad date in row 9 says row 9.
    records[8] = _record(order("r9", purchased_at="2025-03-01"))
    path = write_csv(tmp_path / "again.csv", [])
    with open(path, "a", newline="") as handle:
        handle.write("".join(records))
    result = run(path)
    assert [(p["row"], p["field"]) for p in result.rejected][-1] == (9, "purchased_at")


def test_a_malformed_csv_record_with_strict_imports_nothing(sellers, tmp_path):
    path = write_csv(tmp_path / "o.csv", [order("a"), order("b")])
    with open(path, "a") as handle:
        handle.write("only,three,fields\r\n")
    result = run(path, strict=True)
    assert result.status == "rejected" and result.inserted == 0
    assert result.rejected == [{"row": 3, "field": "row", "message": "expected 22 fields, found 3"}]
    assert dataset_rows() == []


def test_an_unterminated_quote_takes_the_rest_of_its_value(sellers, tmp_path):
    """A quote that never closes swallows the lines up to the next quote (CSV cannot tell
    where the value was meant to end): one rejected row that says so, nothing guessed."""
    path = write_csv(tmp_path / "o.csv", [order("a")])
    with open(path, "a", newline="") as handle:
        handle.write(_record(order("b")).replace(",UPS,", ',"UPS,'))
        handle.write(_record(order("c")) + _record(order("d")))
    result = run(path)
    assert [r["order_id"] for r in dataset_rows()] == ["a"]
    (problem,) = result.rejected
    assert (problem["row"], problem["field"]) == (2, "carrier")
    assert problem["message"].startswith("unterminated quote: the quoted value runs on over")


def test_broken_json_is_refused(sellers, tmp_path):
    path = write_jsonl(tmp_path / "o.jsonl", [order("a")])
    with open(path, "a") as handle:
        handle.write('{"order_id": "b", \n')
    error = refused(path)
    assert error.errors[0].code == "malformed_json"


def test_unknown_format_and_empty_file(sellers, tmp_path):
    blob = tmp_path / "orders.xlsx"
    blob.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UnsupportedFormat):
        run(blob)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    refused(empty)
    header_only = write_csv(tmp_path / "h.csv", [])
    assert run(header_only).received == 0


def test_a_failed_commit_leaves_the_previous_dataset(sellers, tmp_path, monkeypatch):
    run(write_csv(tmp_path / "first.csv", three_orders()))
    before = dataset_rows()
    manifest = dataset.load_manifest()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dataset, "commit", crash)
    changed = [order("111-0000001-0000001", units="5"), order("new-order")]
    with pytest.raises(OSError, match="disk full"):
        run(write_csv(tmp_path / "second.csv", changed))
    assert dataset_rows() == before
    assert dataset.load_manifest() == manifest
    # The partition files the failed import wrote were swept; only the named ones remain.
    on_disk = {str(p.relative_to(dataset.root())) for p in dataset.root().rglob("*.parquet")}
    assert on_disk == {f.path for f in manifest.files}
    record = OrderImport.objects.order_by("-pk").first()
    assert record.status == "failed" and "disk full" in record.error


def test_jsonl_values_of_any_json_type(sellers, tmp_path):
    path = tmp_path / "typed.jsonl"
    record = {k: v for k, v in order("j1").items() if v != ""}
    record.update(units=2, tracking_valid=False, order_total=10.5)
    path.write_text(json.dumps(record) + "\n")
    result = run(path)
    assert (result.inserted, result.rejected) == (1, [])
    row = dataset_rows()[0]
    assert (row["units"], row["tracking_valid"], row["order_total"]) == (2, False, "10.5000")
