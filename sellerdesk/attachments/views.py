"""Serving an evidence file with headers that stop a browser from treating the content as
anything but what it is. Who may see a file is its case's question: the download routes
(``cases/views/attachments.py``, ``cases/api_attachments.py``) check first, then call this."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from . import services
from .models import Attachment


def file_response(attachment: Attachment) -> HttpResponse:
    response = HttpResponse(
        services.attachment_content(attachment), content_type=attachment.content_type
    )
    disposition = "inline" if attachment.is_image else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even an image opened directly may not run anything.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
