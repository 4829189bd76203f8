"""Operator screens for ratings and survey invitations: read-only (they change only through
the seller's rating and the lead's follow-up, which audit themselves)."""

from __future__ import annotations

from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin

from .models import Rating, SurveyInvitation


class _ReadOnly(AuditedModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(_ReadOnly):
    list_display = ("case", "score", "channel", "rated_at", "rated_by", "followup")
    list_filter = ("score", "channel", "followup")
    search_fields = ("case__number", "case__seller__code")
    list_select_related = ("case", "rated_by")
    readonly_fields = [f.name for f in Rating._meta.fields]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(_ReadOnly):
    list_display = ("case", "resolved_at", "sent_at", "recipients")
    search_fields = ("case__number",)
    list_select_related = ("case",)
    readonly_fields = [f.name for f in SurveyInvitation._meta.fields]
