"""Serving evidence files: only after the visibility check, with headers that stop a browser
from treating the content as anything but what it is."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from sellerdesk.lib.errors import NotFound

from . import selectors, services
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


@login_required
def attachment_download(request, attachment_id: int) -> HttpResponse:
    try:
        attachment = selectors.attachment_get_for(request.user, attachment_id)
    except NotFound:
        raise Http404("No such attachment.") from None
    return file_response(attachment)
