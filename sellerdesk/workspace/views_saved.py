"""Saved queue views: the list in the queue's sidebar, saving the current filters, deleting."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sellerdesk.accounts.selectors import teams_for
from sellerdesk.lib.errors import DomainError, FieldError, ValidationFailed
from sellerdesk.lib.views import flash_error, staff_only

from . import saved_views


@staff_only
def saved_view_list(request):
    """The queue's sidebar: the agent's views and their teams' (loaded by HTMX)."""
    return render(
        request,
        "workspace/_saved_views.html",
        {
            "views": saved_views.saved_views_for(request.user),
            "managed": set(
                saved_views.saved_views_managed_by(request.user).values_list("pk", flat=True)
            ),
        },
    )


@require_POST
@staff_only
def saved_view_create(request):
    team_code = request.POST.get("team", "")
    team = next((t for t in teams_for(request.user) if t.code == team_code), None)
    query = request.POST.get("query", "")
    try:
        if team_code and team is None:
            raise ValidationFailed(
                "Unknown team.", [FieldError("team", "unknown", "not one of your teams")]
            )
        view = saved_views.saved_view_save(
            actor=request.user, name=request.POST.get("name", ""), query=query, team=team
        )
    except DomainError as exc:
        flash_error(request, exc)
        return redirect(reverse("console") + ("?" + query if query else ""))
    messages.success(request, gettext("View “%(name)s” saved.") % {"name": view.name})
    return redirect(reverse("console") + ("?" + view.query if view.query else ""))


@require_POST
@staff_only
def saved_view_delete(request, view_id: int):
    view = saved_views.saved_views_managed_by(request.user).filter(pk=view_id).first()
    if view is None:
        raise Http404("No such view.")
    try:
        saved_views.saved_view_delete(actor=request.user, view=view)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("console")
