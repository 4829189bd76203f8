"""The web download of an evidence file, after the same visibility check as the API; and
the files a message form sends (the portal's reply, the console's message)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _

from sellerdesk.attachments import services as attachments
from sellerdesk.attachments.views import file_response
from sellerdesk.lib import views
from sellerdesk.lib.errors import DomainError, FieldError, NotFound

from ..models import Case
from ..selectors import attachment_get_for
from . import labels


@login_required
def attachment_download(request, attachment_id: int) -> HttpResponse:
    # Signed in, any role: 404 for whatever the user may not see.
    try:
        attachment = attachment_get_for(request.user, attachment_id)
    except NotFound:
        raise Http404("No such attachment.") from None
    # ?preview=1: a PDF inline, for the preview the case page embeds.
    return file_response(attachment, preview=request.GET.get("preview") == "1")


# --- files sent with a message (the reply forms of the portal and the console) ---------------

UPLOAD_REFUSALS = {
    "too_large": _("%(name)s is too large."),
    "unsupported_type": _(
        "%(name)s is not an accepted kind of file (PNG, JPEG, WebP, PDF, CSV or XLSX)."
    ),
    "bad_name": _("%(name)s has a file name that is not accepted."),
    "empty": _("%(name)s is empty."),
}
MESSAGE_FILE_REFUSALS = {
    "unknown": _("A file could not be used with this message; please upload it again."),
    "taken": _("A file could not be used with this message; please upload it again."),
    "public": _("The seller can already see this file; an internal note cannot carry it."),
    "too_large": _("The case's files would be larger than allowed."),
}
FILES_FIELD = "files"


def upload_message_files(request, case: Case, *, staff: bool) -> tuple[list[int], list[FieldError]]:
    """Store the form's ``files`` for a message on ``case``, each checked like an API upload.
    A seller's become their unattached uploads (as on the case form); staff's go onto the case
    kept from the seller until the message names them. Ids of those kept, one error a refusal."""
    ids: list[int] = []
    errors: list[FieldError] = []
    for upload in request.FILES.getlist(FILES_FIELD):
        try:
            stored = attachments.attachment_upload(
                actor=request.user,
                seller=case.seller,
                upload=upload,
                case=case if staff else None,
                internal=staff,
            )
        except DomainError as exc:
            code = exc.errors[0].code if exc.errors else "refused"
            errors.append(FieldError(FILES_FIELD, code, f"{upload.name}: {exc.detail}"))
        else:
            ids.append(stored.pk)
    return ids, errors


def describe_error(error: FieldError, language: str | None) -> str:
    """Form errors of a message form: the files' in words for people, the rest as usual."""
    if error.field == FILES_FIELD and error.code in UPLOAD_REFUSALS:
        name = error.message.split(": ", 1)[0]
        return str(UPLOAD_REFUSALS[error.code]) % {"name": name}
    if error.field.startswith("attachments"):
        return str(MESSAGE_FILE_REFUSALS.get(error.code, error.message))
    return labels.error_message(error, language)


def message_form_errors(exc: DomainError) -> dict[str, list[str]]:
    """Errors by input; every file error (``files``, ``attachments``, ``attachments.N``) goes
    to the file input."""
    by_field, _summary = views.form_errors(exc, describe=describe_error)
    out: dict[str, list[str]] = {}
    for field, texts in by_field.items():
        key = FILES_FIELD if field.startswith("attachments") else field
        out.setdefault(key, []).extend(t for t in texts if t not in out.get(key, []))
    return out
