"""Template filters for Seller University: translated labels for stored codes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from ..training.cities import city_label

register = template.Library()

EVENT_KINDS = {
    "phone": _("Phone consultation"),
    "online": _("Live online session"),
    "salon": _("City salon"),
}
REGISTRATION_STATUSES = {
    "confirmed": _("Confirmed"),
    "waiting": _("Waiting list"),
    "cancelled": _("Cancelled"),
}


@register.filter
def event_kind(code: str) -> str:
    return str(EVENT_KINDS.get(code, code))


@register.filter
def registration_status(code: str) -> str:
    return str(REGISTRATION_STATUSES.get(code, code))


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


@register.filter
def city_name(city: str) -> str:
    """A salon's city as the reader's language names it (深圳 is Shenzhen in English)."""
    return city_label(city)
