"""The case page's workspace panels: the seller at a glance (their other open cases, account
health, appeals) and who else has the case open (presence)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_POST

from sellerdesk.appeals import selectors as appeals_selectors
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases.models import Case
from sellerdesk.health import advice
from sellerdesk.lib.views import staff_only

from . import presence

OTHER_CASES_SHOWN = 10


@staff_only
def case_seller_panel(request, number: int):
    case = cases_selectors.case_get_for(request.user, number)
    seller = case.seller
    others = list(
        cases_selectors.cases_visible_to(request.user)
        .filter(seller_id=case.seller_id, status__in=Case.OPEN_STATUSES)
        .exclude(pk=case.pk)
        .order_by("-created_at")[: OTHER_CASES_SHOWN + 1]
    )
    # Appeals are the Account Health team's to see (appeals.selectors).
    sees_appeals = appeals_selectors.is_reviewer(request.user)
    return render(
        request,
        "workspace/_seller_panel.html",
        {
            "case": case,
            "seller": seller,
            "others": others[:OTHER_CASES_SHOWN],
            "more": len(others) > OTHER_CASES_SHOWN,
            "band_label": advice.label(advice.BAND_LABELS, seller.health_band)
            if seller.health_band
            else "",
            "appeals": [
                {
                    "appeal": appeal,
                    "reason_label": advice.label(advice.REASON_LABELS, appeal.cause.reason_code),
                }
                for appeal in (appeals_selectors.appeals_of_seller(seller) if sees_appeals else [])
            ],
            "sees_appeals": sees_appeals,
        },
    )


@require_POST
@staff_only
def case_presence(request, number: int):
    """The page's poll: record the agent on the case, answer with the others on it."""
    case = cases_selectors.case_get_for(request.user, number)
    presence.presence_touch(user=request.user, case=case, typing=request.POST.get("typing") == "1")
    return render(
        request,
        "workspace/_presence.html",
        {"others": presence.others_present(user=request.user, case=case)},
    )
