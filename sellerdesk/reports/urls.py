"""Routes of the report pages (team leads and operators; the views say so)."""

from django.urls import path

from .views import pages

urlpatterns = [
    path("reports/", pages.report_index, name="reports"),
    path("reports/<slug:name>/", pages.report_page, name="report"),
]
