"""The rating part of the case pages. The case templates load this library (the case app
cannot import surveys, which sits above it): ``{% seller_case_rating case %}`` on the seller's
page, ``{% staff_case_rating case %}`` on the console's."""

from __future__ import annotations

from django import template

from sellerdesk.surveys.policy import SCORES
from sellerdesk.surveys.selectors import rating_panel_for
from sellerdesk.surveys.services import survey_rule

register = template.Library()


def _panel_context(context, case) -> dict:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated or case is None:
        return {"panel": None}
    panel = rating_panel_for(user, case)
    current = panel.rating if panel.current else None
    return {
        "panel": panel,
        "request": request,
        # The form: the rating of the current resolution, to change it.
        "rating": current,
        "chosen": current.score if current else None,
        "comment": current.comment if current else "",
        "scores": SCORES,
        "comment_max_length": survey_rule().comment_max_length,
    }


@register.inclusion_tag("surveys/_seller_rating.html", takes_context=True)
def seller_case_rating(context, case):
    """A resolved case's rating form for its seller's members, with their rating if any."""
    return _panel_context(context, case)


@register.inclusion_tag("surveys/_staff_rating.html", takes_context=True)
def staff_case_rating(context, case):
    """The seller's rating for staff who see the case, with its follow-up; the form to mark
    the follow-up done for the team's leads and operators."""
    return _panel_context(context, case)
