"""The rating pages: the emailed link's page (no sign-in: the signed link is the authority),
the seller's rating on their case page, and a lead's follow-up on the console's. Thin: read
through a selector, write through one service, answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sellerdesk.cases.selectors import case_get_for
from sellerdesk.lib.errors import Conflict, DomainError, ValidationFailed
from sellerdesk.lib.views import flash_error, form_errors, seller_only, staff_only

from . import selectors, services, words
from .models import Rating
from .policy import SCORES


def _score(raw: str | None) -> object:
    """The posted score as an int when it is one; anything else goes to the service as it is,
    which refuses it naming the field."""
    try:
        return int(raw or "")
    except ValueError:
        return raw


def _refused(request, reason: str, status: int):
    return render(request, "surveys/link_refused.html", {"reason": reason}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def rate_by_link(request, token: str):
    """Anyone holding the link (it was emailed to one member of the case's seller): GET shows
    the case and the 1–5 choice, POST stores the rating as that member's. Bad, expired or
    stale links get a page saying so (400 / 410), never an error."""
    try:
        link = selectors.rating_link_open(token)
    except selectors.LinkRefused as exc:
        return _refused(request, exc.reason, exc.status)
    context = {
        "case": link.case,
        "rating": link.rating,
        "token": token,
        "chosen": link.rating.score if link.rating else None,
        "comment": link.rating.comment if link.rating else "",
        "scores": SCORES,
        "comment_max_length": services.survey_rule().comment_max_length,
    }
    if request.method == "POST":
        score, comment = _score(request.POST.get("score")), request.POST.get("comment", "")
        try:
            rating = services.rating_submit(
                actor=link.user,
                case=link.case,
                score=score,
                comment=comment,
                channel=Rating.Channel.EMAIL,
                resolution=link.resolution,
            )
        except ValidationFailed as exc:
            errors, summary = form_errors(exc, describe=words.error_message)
            context.update(errors=errors, summary=summary, chosen=score, comment=comment)
            return render(request, "surveys/rate.html", context, status=exc.status)
        except Conflict:
            return _refused(request, "stale", 410)
        return render(
            request,
            "surveys/rate_thanks.html",
            {"case": link.case, "rating": rating, "token": token},
        )
    return render(request, "surveys/rate.html", context)


@require_POST
@seller_only
def rate_in_app(request, number: int):
    """A member of the case's seller rates its resolution from the case page."""
    case = case_get_for(request.user, number)
    try:
        services.rating_submit(
            actor=request.user,
            case=case,
            score=_score(request.POST.get("score")),
            comment=request.POST.get("comment", ""),
            channel=Rating.Channel.APP,
        )
    except (ValidationFailed, Conflict) as exc:
        flash_error(request, exc, describe=words.error_message)
    else:
        messages.success(request, gettext("Thank you for rating our support."))
    return redirect("portal-case", number=number)


@require_POST
@staff_only
def followup_complete(request, number: int):
    """A lead of the case's team (or an operator) marks a low rating's follow-up done."""
    case = case_get_for(request.user, number)
    rating = selectors.rating_of(case)
    if rating is None:
        raise Http404("This case has no rating.")
    try:
        services.rating_followup_complete(
            actor=request.user, rating=rating, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        flash_error(request, exc, describe=words.error_message)
    else:
        messages.success(request, gettext("The follow-up is marked done."))
    return redirect("console-case", number=number)
