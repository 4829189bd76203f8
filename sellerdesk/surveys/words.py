"""How the survey's field errors read on the pages and in the API's Chinese answers."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sellerdesk.lib import labels
from sellerdesk.lib.errors import FieldError

FIELD_LABELS = {
    "score": _("Rating"),
    "comment": _("Comment"),
    "note": _("Follow-up note"),
}


def field_label(code: str, language: str | None) -> str:
    label = FIELD_LABELS.get(code)
    return str(label) if label is not None else labels.field_label(code, language)


def error_message(error: FieldError, language: str | None) -> str:
    if error.field == "score" and error.code in ("invalid", "required", "wrong_type"):
        return gettext("Choose a rating from 1 to 5.")
    return labels.error_message(error, language, field_label=field_label)


labels.register_field_words(tuple(FIELD_LABELS), field_label)
