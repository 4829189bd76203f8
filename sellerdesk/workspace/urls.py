"""Routes of the agent workspace, all staff only (``lib/views.py:staff_only``)."""

from django.urls import path

from . import views

urlpatterns = [
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
