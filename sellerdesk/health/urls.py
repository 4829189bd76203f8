"""Routes of the account-health pages. Who may use each is stated on the view: a seller sees
only their own accounts (anything else is 404), staff see every seller."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="health-overview"),
    path("alerts", views.alert_settings, name="health-alerts"),
    path("<str:code>", views.health_page, name="health"),
    path("<str:code>/status", views.status_page, name="health-status"),
    path("<str:code>/status/notice/<int:cause_id>", views.notice, name="health-notice"),
    path(
        "<str:code>/status/notice/<int:cause_id>/page",
        views.notice_html,
        name="health-notice-page",
    ),
]
