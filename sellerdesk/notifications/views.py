"""In-app notifications: the list (a page at a time), and marking them read, all or one.
Thin: one selector or service each."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sellerdesk.lib.views import safe_next, signed_in

from . import selectors, services


@signed_in
def inbox(request):
    page = selectors.inbox_page_for(
        request.user,
        page=request.GET.get("page"),
        per_page=settings.SELLERDESK["PAGE_SIZE"],
    )
    return render(
        request,
        "notifications/web/inbox.html",
        {"notifications": page.object_list, "page": page},
    )


@require_POST
@signed_in
def mark_all_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications")


@require_POST
@signed_in
def mark_one_read(request, notification_id: int):
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    return redirect(safe_next(request, reverse("notifications")))
