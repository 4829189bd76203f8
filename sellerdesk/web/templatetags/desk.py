"""Template filters for showing stored codes and times to a person, in their language."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import get_language, gettext

from sellerdesk.cases.checklist import FIELD_SPECS
from sellerdesk.cases.sla import overall_state
from sellerdesk.cases.views import labels as case_labels
from sellerdesk.lib.labels import is_chinese
from sellerdesk.web import labels

register = template.Library()

# Evidence fields longer than this are free text, not identifiers (checklist.FieldSpec).
PROSE_MIN_LENGTH = 200


@register.filter
def localized_name(obj) -> str:
    """``name_zh`` or ``name_en`` of a team or case type, by the active language."""
    if obj is None:
        return ""
    zh = is_chinese(get_language())
    return (getattr(obj, "name_zh", "") if zh else "") or getattr(obj, "name_en", "") or str(obj)


@register.filter
def status_label(status: str) -> str:
    return str(labels.STATUS_LABELS.get(status, status))


@register.filter
def status_label_staff(status: str) -> str:
    return str(labels.STATUS_LABELS_STAFF.get(status, status))


@register.filter
def tier_label(tier: str) -> str:
    return str(labels.TIER_LABELS.get(tier, tier))


@register.filter
def seller_status_label(status: str) -> str:
    return str(labels.SELLER_STATUS_LABELS.get(status, status))


@register.filter
def kind_label(kind: str) -> str:
    return str(labels.MESSAGE_KIND_LABELS.get(kind, kind))


@register.filter
def action_label(action: str) -> str:
    return str(labels.ACTION_LABELS.get(action, action))


@register.filter
def site_name(site) -> str:
    return gettext(site.name) if site is not None else ""


@register.filter
def field_label(code: str) -> str:
    return case_labels.field_label(code, get_language())


@register.filter
def field_is_prose(code: str) -> bool:
    """Whether an evidence field holds prose (the English explanation) rather than an
    identifier: prose is shown in the text font across the sidebar, identifiers in monospace."""
    spec = FIELD_SPECS.get(code)
    return spec is not None and spec.max_length > PROSE_MIN_LENGTH


@register.filter
def field_hint(code: str) -> str:
    return case_labels.field_hint(code)


@register.filter
def relative(value: datetime | None) -> str:
    """ "in 3 hours" for a future time, "3 hours ago"/"overdue" wording is left to the caller."""
    if value is None:
        return ""
    now = timezone.now()
    if value >= now:
        return gettext("in %(duration)s") % {"duration": timeuntil(value, now, depth=1)}
    return gettext("%(duration)s ago") % {"duration": timesince(value, now, depth=1)}


@register.filter
def is_past(value: datetime | None) -> bool:
    return value is not None and value < timezone.now()


@register.filter
def changes(event) -> list[tuple[str, object, object]]:
    """(key, before, after) for each value an audit event changed or set."""
    before, after = event.before or {}, event.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [(key, before.get(key), after.get(key)) for key in keys if key != "message"]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def audit_key(key: str) -> str:
    """The name of a value an audit event changed, as a label in the viewer's language."""
    label = labels.AUDIT_FIELD_LABELS.get(key)
    if label is not None:
        return str(label)
    known = case_labels.field_label(key, get_language())
    return known if known != key else key.replace("_", " ").capitalize()


@register.filter
def audit_value(value, key: str) -> str:
    """One before/after value of an audit event, for a person: statuses in words, times in the
    viewer's zone, evidence fields by their labels, lists joined, yes/no, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dict):
        return "; ".join(f"{audit_key(k)}: {audit_value(v, k)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if key == "fields":
            language = get_language()
            return ", ".join(case_labels.field_label(f"fields.{v}", language) for v in value)
        return ", ".join(audit_value(item, key) for item in value)
    if key == "status":
        return status_label_staff(value)
    coded = {
        "tier": labels.TIER_LABELS,
        "close_reason": labels.CLOSE_REASON_LABELS,
        "priority": labels.PRIORITY_LABELS,
    }.get(key)
    if coded is not None and value in coded:
        return str(coded[value])
    if key.endswith("_at") and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")
    return str(value)


@register.filter
def sla_state(case) -> str:
    """The queue's single SLA badge: the worst state of the case's targets, read from the
    stored columns (no per-row queries)."""
    return overall_state(case, timezone.now())


@register.filter
def sla_state_label(state: str) -> str:
    return str(labels.SLA_STATE_LABELS.get(state, state))


@register.filter
def sla_target_label(target: str) -> str:
    return str(labels.SLA_TARGET_LABELS.get(target, target))
