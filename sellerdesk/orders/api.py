"""JSON API for order data: ``POST /api/v1/orders/import``. Thin: check who may, hand the
uploaded file (already streamed to a temporary file by Django) to the import service."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed
from sellerdesk.lib.problems import error_responses

from .services import order_import_run

router = Router(tags=["orders"])


class RejectedRowOut(Schema):
    row: int = Field(description="1-based record number in the file (a CSV header not counted).")
    field: str
    message: str


class OrderImportOut(Schema):
    id: int = Field(description="The import's record.")
    status: str = Field(description="`succeeded` (valid rows kept).")
    file_format: str = Field(description="`csv`, `jsonl` or `parquet`.")
    encoding: str = Field(description="`utf-8`, `utf-8-sig` (BOM) or `gb18030`; empty for Parquet.")
    received: int = Field(description="Records read from the file.")
    inserted: int
    updated: int
    unchanged: int = Field(description="Records identical to the stored order (a re-import).")
    rejected_rows: int = Field(description="Records not imported (every problem is listed).")
    rejected: list[RejectedRowOut] = Field(
        description="Each problem of each rejected record, by row; cut at the server's limit "
        "(see `rejected_truncated`)."
    )
    rejected_truncated: bool
    ignored_columns: list[str] = Field(description="Columns the contract does not know.")
    dataset_version: int | None = Field(description="The order dataset's version after this.")


class ImportQuery(Schema):
    strict: bool = Field(False, description="Import nothing if any record is bad (422).")
    format: str | None = Field(
        None,
        pattern="^(csv|parquet|jsonl)$",
        description="csv, parquet or jsonl; by default from the file name, else its content.",
    )


@contextmanager
def _as_path(upload: UploadedFile):
    """The upload as a file on disk. Django keeps larger uploads in a temporary file already;
    a small one held in memory is written out (a few MiB at most)."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    suffix = Path(upload.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix, dir=settings.FILE_UPLOAD_TEMP_DIR) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        yield Path(handle.name)


@router.post(
    "/orders/import",
    response={201: OrderImportOut, **error_responses(403, 413, 415, 422)},
    summary="Import orders (upsert)",
    description="Operators only (others 403). Multipart `file`: CSV, Parquet or JSON Lines in "
    "UTF-8 (with or without BOM) or GB18030, with the order columns of the contract. Upserts by "
    "`(marketplace, order_id)`: importing the same file again changes nothing (`unchanged`). "
    "Every bad record is reported with its row, field and reason and skipped; with "
    "`strict=true` one bad record means nothing is imported (422 listing them). A CSV record "
    "with too few or too many fields or an unterminated quote is such a bad record. A file that "
    "cannot be imported at all (missing or duplicate header columns, mixed encodings, "
    "truncated Parquet, broken JSON) is 422; an unknown format 415. 201 with the counts "
    "otherwise.",
)
def order_import(request, file: File[UploadedFile], params: Query[ImportQuery]):
    user = request.auth
    if not user.is_operator:
        raise Forbidden("Only operators may import order data.")
    with _as_path(file) as path:
        result = order_import_run(
            actor=user,
            path=path,
            file_name=file.name or path.name,
            file_format=params.format,
            strict=params.strict,
            source="api",
        )
    if result.status == "rejected":
        raise ValidationFailed(
            f"{result.rejected_rows} rows were rejected; with strict=true nothing was imported.",
            [
                FieldError(f"rows[{item['row']}].{item['field']}", "invalid", item["message"])
                for item in result.rejected
            ],
            extra={
                "import_id": result.id,
                "received": result.received,
                "rejected_rows": result.rejected_rows,
                "rejected_truncated": result.rejected_truncated,
            },
        )
    return Status(201, result.__dict__)
