"""Seller University routes, under /university/. Every view states who may use it (see
sellerdesk/lib/views.py): signed in, sellers only, or staff only."""

from django.urls import path

from .views import articles, staff, training

urlpatterns = [
    # signed in, any role
    path("", articles.home, name="kb-home"),
    path("c/<slug:code>", articles.category, name="kb-category"),
    path("articles/<int:pk>", articles.article, name="kb-article"),
    path("articles/<int:pk>/feedback", articles.article_feedback, name="kb-article-feedback"),
    path("articles/<int:pk>/complete", articles.article_complete, name="kb-article-complete"),
    path("attachments/<int:pk>", articles.attachment, name="kb-attachment"),
    path("search", articles.search, name="kb-search"),
    path("training", training.events, name="kb-events"),
    path("training/<int:pk>", training.event, name="kb-event"),
    path("training/<int:pk>/event.ics", training.event_ics, name="kb-event-ics"),
    path(
        "registrations/<int:pk>/cancel",
        training.registration_cancel,
        name="kb-registration-cancel",
    ),
    # sellers
    path("suggest", articles.suggest, name="kb-suggest"),
    path("training/<int:pk>/register", training.event_register, name="kb-event-register"),
    path("training/mine", training.my_registrations, name="kb-my-registrations"),
    path("training/mine.ics", training.my_registrations_ics, name="kb-my-ics"),
    # agents and operators
    path("staff/training/<int:pk>", staff.event_attendance, name="kb-staff-event"),
    path(
        "staff/registrations/<int:pk>/attendance",
        staff.attendance_mark,
        name="kb-staff-attendance",
    ),
    path("staff/deflection", staff.deflection, name="kb-staff-deflection"),
    path("staff/training-stats", staff.training_stats, name="kb-staff-training-stats"),
]
