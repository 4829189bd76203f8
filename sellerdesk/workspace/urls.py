"""Routes of the agent workspace, all staff only (``lib/views.py:staff_only``)."""

from django.urls import path

from . import views, views_case, views_lead, views_saved

urlpatterns = [
    path("console/lead", views_lead.lead_dashboard_page, name="lead-dashboard"),
    path("console/lead/panel", views_lead.lead_dashboard_panel, name="lead-dashboard-panel"),
    path(
        "console/cases/<int:number>/presence",
        views_case.case_presence,
        name="case-presence",
    ),
    path(
        "console/cases/<int:number>/seller",
        views_case.case_seller_panel,
        name="case-seller-panel",
    ),
    path("console/views", views_saved.saved_view_list, name="saved-views"),
    path("console/views/new", views_saved.saved_view_create, name="saved-view-create"),
    path(
        "console/views/<int:view_id>/delete",
        views_saved.saved_view_delete,
        name="saved-view-delete",
    ),
    path("console/macros", views.macro_list, name="macros"),
    path("console/macros/<int:macro_id>", views.macro_edit, name="macro-edit"),
    path("console/macros/<int:macro_id>/delete", views.macro_delete, name="macro-delete"),
    path("console/cases/<int:number>/macros", views.case_macros, name="case-macros"),
    path(
        "console/cases/<int:number>/macros/<int:macro_id>",
        views.macro_insert,
        name="case-macro-insert",
    ),
    path(
        "console/cases/<int:number>/macros/<int:macro_id>/apply",
        views.macro_apply,
        name="case-macro-apply",
    ),
]
