"""Words the UI shows for values stored as codes (statuses, tiers, message kinds, audit
actions, sites, evidence-field hints), translated here so models and services stay free of
presentation. Anything unknown falls back to the stored value."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from sellerdesk.cases.checklist import FIELD_SPECS, GROUPS, SLOT_LABELS

STATUS_LABELS = {
    "new": _("New"),
    "open": _("In progress"),
    "awaiting_seller": _("Awaiting your reply"),
    "resolved": _("Resolved"),
    "closed": _("Closed"),
}

# Agents read "awaiting seller" where the seller reads "awaiting your reply".
STATUS_LABELS_STAFF = {**STATUS_LABELS, "awaiting_seller": _("Awaiting seller")}

TIER_LABELS = {"standard": _("Standard"), "premium": _("Premium")}

SLA_STATE_LABELS = {
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "paused": _("Paused"),
    "breached": _("Breached"),
    "met": _("Met"),
    "none": _("No target"),
}
SLA_TARGET_LABELS = {
    "first_response": _("First response"),
    "next_response": _("Next response"),
    "resolution": _("Resolution"),
}

SELLER_STATUS_LABELS = {
    "normal": _("Normal"),
    "at_risk": _("At risk"),
    "under_review": _("Under review"),
    "restricted": _("Restricted"),
    "deactivated": _("Deactivated"),
}

MESSAGE_KIND_LABELS = {
    "reply": _("Reply"),
    "note": _("Internal note"),
    "request_info": _("Request for information"),
    "resolution": _("Resolution"),
    "system": _("System message"),
}

ACTION_LABELS = {
    "case.created": _("opened the case"),
    "case.reply_added": _("replied"),
    "case.note_added": _("added an internal note"),
    "case.request_info_added": _("requested information"),
    "case.resolution_added": _("resolved with a message"),
    "case.assigned": _("changed the assignment"),
    "case.resolved": _("resolved the case"),
    "case.reopened": _("reopened the case"),
    "case.closed": _("closed the case"),
    "case.merged": _("merged a duplicate case into this one"),
    "case.sensitive_revealed": _("viewed the sensitive details"),
}

FIELD_HINTS = {
    "order_id": _("e.g. 123-1234567-1234567"),
    "asin": _("10 characters starting with B0 (or an ISBN-10)"),
    "shipment_id": _("FBA followed by 6–12 letters or digits"),
    "campaign_id": _("6–40 letters, digits or dashes"),
}

# Default site names, marked for the catalogue; an operator's new site shows as typed.
SITE_NAMES = [
    gettext_noop("United States"),
    gettext_noop("Canada"),
    gettext_noop("United Kingdom"),
    gettext_noop("Germany"),
    gettext_noop("France"),
    gettext_noop("Italy"),
    gettext_noop("Spain"),
    gettext_noop("Japan"),
]

# Names of the form inputs the case form shows, for the "what is missing" summary.
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


def field_label(code: str, language: str | None) -> str:
    """The label of an input, evidence fields (``fields.order_id``) included."""
    if code.startswith(("fields.", "attachments.")):
        short = code.split(".", 1)[1]
        spec = FIELD_SPECS.get(short) or GROUPS.get(short)
        if spec is not None:
            return spec.label_zh if is_chinese(language) else spec.label_en
        if short in SLOT_LABELS:
            return SLOT_LABELS[short][1 if is_chinese(language) else 0]
        return short
    label = FORM_FIELD_LABELS.get(code)
    return str(label) if label is not None else code


def field_hint(code: str) -> str:
    hint = FIELD_HINTS.get(code)
    if hint is not None:
        return str(hint)
    spec = FIELD_SPECS.get(code)
    return spec.format_hint if spec else ""


def error_message(error, language: str | None) -> str:
    """A field error in the viewer's language. Services speak English; the UI re-words the
    codes it knows and passes the rest through."""
    label = field_label(error.field, language)
    if error.code == "required":
        return gettext("%(label)s is required.") % {"label": label}
    if error.code == "invalid" and error.field.startswith("fields."):
        hint = field_hint(error.field.removeprefix("fields."))
        return gettext("%(label)s does not look right (%(hint)s).") % {"label": label, "hint": hint}
    if error.code == "too_long":
        return gettext("%(label)s is too long.") % {"label": label}
    if error.code == "not_english":
        return gettext("%(label)s must be written in English.") % {"label": label}
    if error.code == "too_short" and error.field == "fields.english_explanation":
        return gettext("%(label)s is too short: %(detail)s.") % {
            "label": label,
            "detail": error.message,
        }
    if error.code == "not_enrolled":
        return gettext("This seller account does not sell on that site.")
    if error.code == "unknown" and error.field == "site":
        return gettext("Choose one of your sites.")
    if error.code == "not_in_team":
        return gettext("That person is not in the team that owns this case.")
    return error.message
