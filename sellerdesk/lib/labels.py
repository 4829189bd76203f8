"""How a field error reads in the UI, in the viewer's language. Services speak English with a
code per error (``required``, ``too_long`` …); the web re-words the codes it knows and passes
the rest through. The labels of a domain's own inputs (a case form's evidence fields, say) are
that domain's: its views pass ``field_label`` and ``field_hint`` in, and register them
(``register_field_words``) for the API, which words its errors in Chinese when asked to."""

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


# --- the API ----------------------------------------------------------------------------------

# Labels and hints of a domain's own inputs, by the prefix of the field path (cases register
# ``fields.`` and ``attachments.``), so lib can word the API's errors without importing them.
_DOMAIN_WORDS: dict[str, tuple[Callable[[str, str | None], str], Callable[[str], str] | None]] = {}


def register_field_words(
    prefixes: tuple[str, ...],
    field_label: Callable[[str, str | None], str],
    field_hint: Callable[[str], str] | None = None,
) -> None:
    for prefix in prefixes:
        _DOMAIN_WORDS[prefix] = (field_label, field_hint)


def _any_field_label(code: str, language: str | None) -> str:
    for prefix, (label, _hint) in _DOMAIN_WORDS.items():
        if code.startswith(prefix):
            return label(code, language)
    return field_label(code, language)


def _any_field_hint(code: str) -> str:
    hint = _DOMAIN_WORDS.get("fields.", (None, None))[1]
    return hint(code) if hint is not None else ""


# What the API says for a code nothing more specific words (``error_message`` returns the
# service's English message for those).
_GENERIC_BY_CODE = {
    "invalid": _("%(label)s is not valid."),
    "wrong_type": _("%(label)s has the wrong type."),
    "unknown": _("%(label)s is not a field this request takes."),
    "too_short": _("%(label)s is too short."),
    "too_large": _("The request body is too large."),
    "malformed_json": _("The request body is not valid JSON."),
}


def api_error_message(error: FieldError, language: str) -> str:
    """An error's ``message`` for an API client that asked for ``language``: the service's own
    English for English, the web's wording (or a general one for the code) otherwise. The
    ``field`` and ``code`` are the contract and never change."""
    if not is_chinese(language):
        return error.message
    with translation.override(language):
        message = error_message(
            error, language, field_label=_any_field_label, field_hint=_any_field_hint
        )
        if message == error.message and error.code in _GENERIC_BY_CODE:
            label = _any_field_label(error.field, language)
            message = str(_GENERIC_BY_CODE[error.code]) % {"label": label}
        return message
