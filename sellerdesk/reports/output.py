"""A report as JSON (the API) and as CSV (the API's ``?format=csv`` and the pages' download)."""

from __future__ import annotations

import csv
import io

from .registry import Answer


def as_json(answer: Answer) -> dict:
    report = answer.report
    return {
        "name": report.name,
        "title": str(report.title),
        "definition": str(report.definition),
        "available": report.available,
        "note": str(report.note),
        "as_of": answer.as_of,
        "age_seconds": answer.age_seconds,
        "filters": answer.filters.as_dict(),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in report.columns],
        "rows": report.rows,
        "summary": report.extra,
    }


def as_csv(answer: Answer) -> str:
    """One header row of the rows' keys, then the rows. Keys, not labels, head the columns so
    a spreadsheet or script reading it does not depend on the reader's language."""
    report = answer.report
    keys: list[str] = []
    for row in report.rows:
        keys.extend(k for k in row if k not in keys)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for row in report.rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
    return out.getvalue()
