"""The navigation's link to the lead's escalated queue, with its count."""

from __future__ import annotations

from django import template

from sellerdesk.cases.selectors import escalated_open_count_for

register = template.Library()


@register.simple_tag(takes_context=True)
def escalated_queue_count(context) -> int | None:
    """Open escalated cases in the signed-in lead's or operator's queue; None hides the link.
    Counted once per request, however often a page asks."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None:
        return None
    if request is None:
        return escalated_open_count_for(user)
    if not hasattr(request, "_escalated_queue_count"):
        request._escalated_queue_count = escalated_open_count_for(user)
    return request._escalated_queue_count
