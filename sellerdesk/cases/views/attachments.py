"""The web download of an evidence file, after the same visibility check as the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from sellerdesk.attachments.views import file_response
from sellerdesk.lib.errors import NotFound

from ..selectors import attachment_get_for


@login_required
def attachment_download(request, attachment_id: int) -> HttpResponse:
    # Signed in, any role: 404 for whatever the user may not see.
    try:
        attachment = attachment_get_for(request.user, attachment_id)
    except NotFound:
        raise Http404("No such attachment.") from None
    return file_response(attachment)
