"""Words the case pages show for their evidence inputs (checklist fields, identity-document
slots) and for errors on them, in the viewer's language; everything else is worded by
``sellerdesk.lib.labels``. Anything unknown falls back to the stored value."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sellerdesk.cases.checklist import FIELD_SPECS, GROUPS, SLOT_LABELS
from sellerdesk.lib import labels, views
from sellerdesk.lib.errors import DomainError, FieldError

FIELD_HINTS = {
    "order_id": _("e.g. 123-1234567-1234567"),
    "asin": _("10 characters starting with B0 (or an ISBN-10)"),
    "shipment_id": _("FBA followed by 6–12 letters or digits"),
    "campaign_id": _("6–40 letters, digits or dashes"),
    "iban": _("country code, 2 check digits and the account, e.g. DE89 3704 0044 0532 0130 00"),
    "routing_number": _("9 digits with a valid ABA check digit"),
    "account_number": _("4–17 digits"),
    "cn_bank_card": _("16–19 digits with a valid check digit"),
    "cn_resident_id": _("18 characters: 17 digits and a check digit (a digit or X)"),
    "uscc": _("18 characters, as on the business licence"),
}


def english_min_words() -> int:
    return settings.SELLERDESK["ENGLISH_EXPLANATION_MIN_WORDS"]


def english_explanation_hint() -> str:
    """The hint states the number the check applies (a deployment setting)."""
    n = english_min_words()
    return ngettext("In English, at least %(n)s word.", "In English, at least %(n)s words.", n) % {
        "n": n
    }


def field_label(code: str, language: str | None) -> str:
    """The label of an input, evidence fields (``fields.order_id``) included."""
    if code.startswith(("fields.", "attachments.")):
        short = code.split(".", 1)[1]
        spec = FIELD_SPECS.get(short) or GROUPS.get(short)
        if spec is not None:
            return labels.in_language(spec.label, language or "en")
        if short in SLOT_LABELS:
            return labels.in_language(SLOT_LABELS[short], language or "en")
        return short
    return labels.field_label(code, language)


def field_hint(code: str) -> str:
    if code == "english_explanation":
        return english_explanation_hint()
    hint = FIELD_HINTS.get(code)
    if hint is not None:
        return str(hint)
    spec = FIELD_SPECS.get(code)
    return spec.format_hint if spec else ""


def error_message(error: FieldError, language: str | None) -> str:
    return labels.error_message(error, language, field_label=field_label, field_hint=field_hint)


# The API words errors on these inputs as the pages do (in Chinese when a client asks).
labels.register_field_words(("fields.", "attachments."), field_label, field_hint)


def form_errors(exc: DomainError):
    """``lib.views.form_errors`` with the evidence inputs named as the case form names them."""
    return views.form_errors(exc, describe=error_message)


def flash_error(request, exc: DomainError) -> None:
    views.flash_error(request, exc, describe=error_message)
