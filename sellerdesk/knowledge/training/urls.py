"""Training routes, under /university/ (included by ``knowledge/urls.py``). Every view states
who may use it (see ``sellerdesk/lib/views.py``): signed in, sellers only, or staff only."""

from django.urls import path

from . import views

urlpatterns = [
    # signed in, any role
    path("training", views.events, name="kb-events"),
    path("training/<int:pk>", views.event, name="kb-event"),
    path("training/<int:pk>/event.ics", views.event_ics, name="kb-event-ics"),
    path(
        "registrations/<int:pk>/cancel",
        views.registration_cancel,
        name="kb-registration-cancel",
    ),
    # sellers
    path("training/<int:pk>/register", views.event_register, name="kb-event-register"),
    path("training/mine", views.my_registrations, name="kb-my-registrations"),
    path("training/mine.ics", views.my_registrations_ics, name="kb-my-ics"),
    # agents and operators
    path("staff/training/<int:pk>", views.event_attendance, name="kb-staff-event"),
    path(
        "staff/registrations/<int:pk>/attendance",
        views.attendance_mark,
        name="kb-staff-attendance",
    ),
    path("staff/training-stats", views.training_stats, name="kb-staff-training-stats"),
]
