"""The seller's Home: each seller account's health band and score (kept on the seller row by
the health evaluation), what needs the seller's action (account causes and restrictions, cases
waiting for the seller's reply, a support restriction), a way to get support, and the recent
cases. It lives in the web app because it reads both cases and health (ADR 0010: cases may not
import health). Staff are sent on to the console."""

from __future__ import annotations

from django.shortcuts import redirect, render

from sellerdesk.accounts.selectors import sellers_for
from sellerdesk.cases import abuse_services
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases.models import Case
from sellerdesk.cases.selectors import CaseFilters
from sellerdesk.health import advice
from sellerdesk.health import selectors as health_selectors
from sellerdesk.lib.views import signed_in

RECENT_CASES = 5
AWAITING_REPLY_SHOWN = 10


def _account(seller) -> dict:
    """One seller account as Home shows it: the latest band and score, and its active causes
    with their words (the seller's notice and appeal are on the Account Status page)."""
    causes = [
        {
            "cause": cause,
            "kind_label": advice.label(advice.CAUSE_KIND_LABELS, cause.kind),
            "reason_label": advice.label(advice.REASON_LABELS, cause.reason_code),
            "restrictions": [
                advice.label(advice.RESTRICTION_LABELS, r) for r in cause.restrictions
            ],
        }
        for cause in health_selectors.active_causes(seller)
    ]
    return {
        "seller": seller,
        "band_label": advice.label(advice.BAND_LABELS, seller.health_band)
        if seller.health_band
        else "",
        "causes": causes,
        "support_restriction": abuse_services.restriction_active(seller),
    }


@signed_in
def home(request):
    user = request.user
    if not user.is_seller:
        return redirect("console")
    accounts = [_account(seller) for seller in sellers_for(user).order_by("code")]
    awaiting, more_awaiting = cases_selectors.case_list_for(
        user,
        CaseFilters(status=[Case.Status.AWAITING_SELLER]),
        ordering="-updated_at",
        limit=AWAITING_REPLY_SHOWN,
    )
    recent, _ = cases_selectors.case_list_for(user, ordering="-created_at", limit=RECENT_CASES)
    restriction = next(
        (a["support_restriction"] for a in accounts if a["support_restriction"]), None
    )
    needs_action = bool(awaiting or restriction or any(a["causes"] for a in accounts))
    return render(
        request,
        "web/home.html",
        {
            "accounts": accounts,
            "awaiting": awaiting,
            "more_awaiting": more_awaiting is not None,
            "recent": recent,
            "restriction": restriction,
            "needs_action": needs_action,
        },
    )
