"""How a field error reads in the UI, in the viewer's language. Services speak English with a
code per error (``required``, ``too_long`` …); the web re-words the codes it knows and passes
the rest through. The labels of a domain's own inputs (a case form's evidence fields, say) are
that domain's: its views pass ``field_label`` and ``field_hint`` in."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .errors import FieldError

# Names of the form inputs the pages show, for the "what is missing" summary.
FORM_FIELD_LABELS = {
    "seller": _("Seller account"),
    "site": _("Marketplace site"),
    "case_type": _("Case type"),
    "subject": _("Subject"),
    "description": _("Description"),
    "language": _("Language"),
    "body": _("Message"),
    "assignee": _("Assignee"),
    "time_zone": _("Time zone"),
    "name": _("Name"),
}


def is_chinese(language: str | None) -> bool:
    return (language or "").lower().startswith("zh")


def in_language(text, language: str) -> str:
    """A catalogue string (a lazy gettext) in ``language``, whatever the request's language:
    services word their errors in English, and the API gives a label in every language."""
    with translation.override(language):
        return str(text)


def field_label(code: str, language: str | None) -> str:
    """The label of a plain form input; an unknown one shows as its name."""
    label = FORM_FIELD_LABELS.get(code)
    return str(label) if label is not None else code


def error_message(
    error: FieldError,
    language: str | None,
    *,
    field_label: Callable[[str, str | None], str] = field_label,
    field_hint: Callable[[str], str] | None = None,
) -> str:
    """A field error in the viewer's language. ``field_hint`` (given an evidence-field code)
    explains what an ``invalid`` evidence field (``fields.…``) should look like."""
    label = field_label(error.field, language)
    if error.code == "required":
        return gettext("%(label)s is required.") % {"label": label}
    if error.code == "invalid" and error.field.startswith("fields.") and field_hint is not None:
        hint = field_hint(error.field.removeprefix("fields."))
        return gettext("%(label)s does not look right (%(hint)s).") % {"label": label, "hint": hint}
    if error.code == "too_long":
        return gettext("%(label)s is too long.") % {"label": label}
    if error.code == "not_english":
        return gettext("%(label)s must be written in English.") % {"label": label}
    if error.code == "too_short" and error.field == "fields.english_explanation":
        n = settings.SELLERDESK["ENGLISH_EXPLANATION_MIN_WORDS"]
        return ngettext(
            "%(label)s is too short: write at least %(n)s word in English.",
            "%(label)s is too short: write at least %(n)s words in English.",
            n,
        ) % {"label": label, "n": n}
    if error.code == "not_enrolled":
        return gettext("This seller account does not sell on that site.")
    if error.code == "unknown" and error.field == "site":
        return gettext("Choose one of your sites.")
    if error.code == "not_in_team":
        return gettext("That person is not in the team that owns this case.")
    return error.message
