from .selectors import unread_count_for


def unread_notifications(request):
    """The header's unread count: one indexed count per page for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count_for(user)}
