"""Operator screens for appeals: the evidence each kind of cause needs, the articles that
guide the seller, the reasons a reviewer may give (edited, audited), and the appeals
themselves (read-only: they change only through the seller's and the reviewers' actions)."""

from __future__ import annotations

from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin

from .models import Appeal, AppealGuide, EvidenceRequirement, RejectionReason


@admin.register(EvidenceRequirement)
class EvidenceRequirementAdmin(AuditedModelAdmin):
    list_display = (
        "cause_kind",
        "code",
        "label_en",
        "label_zh",
        "required",
        "max_age_days",
        "needs_supplier",
        "active",
    )
    list_filter = ("cause_kind", "active")
    search_fields = ("code", "label_en", "label_zh")


@admin.register(AppealGuide)
class AppealGuideAdmin(AuditedModelAdmin):
    list_display = ("cause_kind", "articles", "reading_required")


@admin.register(RejectionReason)
class RejectionReasonAdmin(AuditedModelAdmin):
    list_display = ("code", "label_en", "label_zh", "position", "active")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("id", "seller", "cause", "status", "created_at", "submitted_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("seller__code",)
    readonly_fields = [f.name for f in Appeal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
