from django.core.paginator import Page, Paginator

from .models import Notification


def inbox_for(user, *, limit: int = 20):
    return list(Notification.objects.in_app().filter(recipient=user)[:limit])


def unread_count_for(user) -> int:
    return Notification.objects.in_app().filter(recipient=user, read_at__isnull=True).count()


def inbox_page_for(user, *, page: str | int | None, per_page: int) -> Page:
    """One page of ``user``'s in-app notices, newest first; a page number past the end (or not
    a number) gives the last (or first) page."""
    rows = Notification.objects.in_app().filter(recipient=user).order_by("-created_at", "-id")
    return Paginator(rows, per_page).get_page(page)
