"""JSON API for evidence files: upload (onto a seller's next case, or by staff straight onto a
case), and download through the same visibility check as the web view. The files themselves
are the attachments app's; who may see one is a question about its case, so the routes live
here. Thin: parse, call one service or selector, serialise."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from sellerdesk.accounts.selectors import seller_for_new_case
from sellerdesk.attachments import services
from sellerdesk.attachments.models import Attachment
from sellerdesk.attachments.views import file_response
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed
from sellerdesk.lib.problems import error_responses

from .permissions import is_case_agent
from .selectors import attachment_get_for, case_get_for

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
    description="Seller members (and operators with `seller_code`); support staff upload "
    "straight onto a case of their team with `case` (its number; 404 if they cannot see it, "
    "403 if not their team's), and with `internal=true` kept from the seller until a public "
    "message names it (for an internal note). Name such files in the case's next message "
    "(`POST /cases/{number}/messages`, `attachments`). Multipart field `file`; "
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
    case: Form[int | None] = None,
    internal: Form[bool] = False,
):
    user = request.auth
    if case is not None and (user.is_agent or user.is_operator):
        target = case_get_for(user, case)
        if not is_case_agent(user, target):
            raise Forbidden("Only staff of the owning team can add files to this case.")
        attachment = services.attachment_upload(
            actor=user,
            seller=target.seller,
            upload=file,
            slot=slot,
            case=target,
            internal=internal,
        )
        return Status(201, attachment_out(attachment))
    if internal:
        raise ValidationFailed(
            "Only support staff uploading onto a case can keep a file internal.",
            [FieldError("internal", "invalid", "internal needs case, from support staff")],
        )
    seller = seller_for_new_case(user, seller_code or None)
    attachment = services.attachment_upload(actor=user, seller=seller, upload=file, slot=slot)
    return Status(201, attachment_out(attachment))


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **error_responses(404, 422)},
    summary="Download an evidence file",
    description="Whoever may see the attachment's case (or, before it is attached, the "
    "uploading seller's members); sellers never get the files of internal notes; anyone else "
    "gets 404. Images are served inline, and PDFs too with `preview=true` (for an embedded "
    "preview); everything else as a download. Always with `X-Content-Type-Options: nosniff` "
    "and a sandboxing Content-Security-Policy.",
)
def attachment_download(request, attachment_id: int, preview: bool = False) -> HttpResponse:
    return file_response(attachment_get_for(request.auth, attachment_id), preview=preview)
