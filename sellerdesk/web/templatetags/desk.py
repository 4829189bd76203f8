"""Template filters for showing stored codes and times to a person, in their language."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import get_language, gettext

from sellerdesk.cases.sla import overall_state
from sellerdesk.cases.views import labels as case_labels
from sellerdesk.lib.labels import is_chinese
from sellerdesk.web import labels

register = template.Library()


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
def audit_value(value, key: str) -> str:
    """One before/after value of an audit event, for a person: statuses in words, times in the
    viewer's zone, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
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
