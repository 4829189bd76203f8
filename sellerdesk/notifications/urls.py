from django.urls import path

from . import views

urlpatterns = [
    path("notifications", views.inbox, name="notifications"),
    path("notifications/read", views.mark_all_read, name="notifications-read"),
    path(
        "notifications/<int:notification_id>/read",
        views.mark_one_read,
        name="notification-read",
    ),
]
