from .models import Notification


def inbox_for(user, *, limit: int = 20):
    return list(
        Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP)[:limit]
    )


def unread_count_for(user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).count()
