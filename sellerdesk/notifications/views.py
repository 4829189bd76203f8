"""In-app notifications: the list, and marking them read. Thin: one selector or service each."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def inbox(request):
    return render(
        request,
        "notifications/web/inbox.html",
        {"notifications": selectors.inbox_for(request.user, limit=100)},
    )


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications")
