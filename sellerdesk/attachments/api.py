"""JSON API for evidence files: upload, and download through the same visibility check as
the web view. Thin: parse, call one service or selector, serialise."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from sellerdesk.accounts.selectors import seller_for_new_case
from sellerdesk.lib.problems import error_responses

from . import selectors, services
from .models import Attachment
from .views import file_response

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str = Field(description="Decided by the content (magic bytes), not the name.")
    size: int
    sha256: str
    slot: str = Field(description="Identity document slot, or empty.")


def attachment_out(a: Attachment) -> dict:
    return {
        "id": a.pk,
        "filename": a.filename,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "slot": a.slot,
    }


@router.post(
    "/attachments",
    response={201: AttachmentOut, **error_responses(403, 404, 413, 415, 422)},
    summary="Upload an evidence file",
    description="Seller members (and operators with `seller_code`). Multipart field `file`; "
    "optional `slot` (`id_front`, `id_back`, `business_licence`) for identity documents, "
    "which are stored encrypted. PNG, JPEG, WebP, PDF, CSV and XLSX, recognised by content; "
    "413 over the size limit (10 MB by default), 415 any other content, 422 a name that "
    "hides another type (`invoice.pdf.exe`) or contains directories. A refused upload stores "
    "nothing. Name the returned `id` in a case's `attachments`.",
)
def attachment_upload(
    request,
    file: File[UploadedFile] = None,
    slot: Form[str] = "",
    seller_code: Form[str] = "",
):
    user = request.auth
    seller = seller_for_new_case(user, seller_code or None)
    attachment = services.attachment_upload(actor=user, seller=seller, upload=file, slot=slot)
    return Status(201, attachment_out(attachment))


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **error_responses(404, 422)},
    summary="Download an evidence file",
    description="Whoever may see the attachment's case (or, before it is attached, the "
    "uploading seller's members); anyone else gets 404. Images are served inline, everything "
    "else as a download with `X-Content-Type-Options: nosniff`.",
)
def attachment_download(request, attachment_id: int) -> HttpResponse:
    return file_response(selectors.attachment_get_for(request.auth, attachment_id))
