from .models import Notification


def inbox_for(user, *, limit: int = 20):
    return list(Notification.objects.in_app().filter(recipient=user)[:limit])


def unread_count_for(user) -> int:
    return Notification.objects.in_app().filter(recipient=user, read_at__isnull=True).count()
