"""Serving an evidence file with headers that stop a browser from treating the content as
anything but what it is. Who may see a file is its case's question: the download routes
(``cases/views/attachments.py``, ``cases/api_attachments.py``) check first, then call this."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from . import services
from .models import Attachment

PDF = "application/pdf"


def file_response(attachment: Attachment, *, preview: bool = False) -> HttpResponse:
    """The file. Images are shown inline; with ``preview`` a PDF is too, and may be framed by
    our own pages (the case page embeds it). Any other type is always a download."""
    response = HttpResponse(
        services.attachment_content(attachment), content_type=attachment.content_type
    )
    pdf_preview = preview and attachment.content_type == PDF
    disposition = "inline" if attachment.is_image or pdf_preview else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even an image or a PDF opened directly may not run anything (the sandbox has no
    # allow-scripts); only our own pages may frame a preview.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; sandbox; frame-ancestors "
        + ("'self'" if pdf_preview else "'none'")
    )
    if pdf_preview:
        response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response
