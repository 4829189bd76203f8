"""Operator screens for account health: the score's numbers, the enforcement rules, the causes
(with a "lift" action going through the service), violations and snapshots (read-only).
Every edit is audited with the operator as actor (``audit/admin_base.py``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from sellerdesk.audit.admin_base import AuditedModelAdmin
from sellerdesk.lib.errors import DomainError

from . import causes
from .models import AccountCause, EnforcementRule, HealthSettings, HealthSnapshot, PolicyViolation


@admin.register(HealthSettings)
class HealthSettingsAdmin(AuditedModelAdmin):
    list_display = ("__str__", "healthy_min", "at_risk_min", "violation_window_days", "updated_at")
    fieldsets = (
        (gettext_lazy("Bands"), {"fields": ("healthy_min", "at_risk_min")}),
        (
            gettext_lazy("Deductions (see docs/health-score.md)"),
            {
                "fields": (
                    "metric_weights",
                    "base_percent",
                    "full_at_excess_percent",
                    "severity_points",
                    "violation_window_days",
                    "resolved_percent",
                )
            },
        ),
        (
            gettext_lazy("Forecasts"),
            {"fields": ("forecast_points", "forecast_min_points", "forecast_horizon_days")},
        ),
        (
            gettext_lazy("Weekly digest (member's local time)"),
            {"fields": ("digest_weekday", "digest_hour")},
        ),
    )

    def has_add_permission(self, request):
        return not HealthSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnforcementRule)
class EnforcementRuleAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "trigger",
        "threshold",
        "metric",
        "min_severity",
        "consecutive",
        "action",
        "active",
    )
    list_editable = ("active",)
    list_filter = ("trigger", "action", "active")
    search_fields = ("code", "name_en", "name_zh", "reason_code")


class LiftForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, max_length=2000)


@admin.register(AccountCause)
class AccountCauseAdmin(admin.ModelAdmin):
    list_display = (
        "seller",
        "kind",
        "reason_code",
        "marketplace",
        "rule_code",
        "since",
        "lifted_at",
    )
    list_filter = ("kind", "reason_code", ("lifted_at", admin.EmptyFieldListFilter))
    search_fields = ("seller__code", "seller__name", "reason_code")
    readonly_fields = [f.name for f in AccountCause._meta.fields]
    actions = ["lift_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Lift the selected causes (the reason is recorded)"))
    def lift_selected(self, request, queryset):
        # The admin's action form has no reason field; the operator's name and this page are
        # the reason on record. The API (POST /causes/{id}/lift) takes a written reason.
        lifted = 0
        for cause in queryset.filter(lifted_at__isnull=True):
            try:
                causes.cause_lift(actor=request.user, cause=cause, reason="Lifted in the admin")
            except DomainError as exc:
                self.message_user(request, f"{cause}: {exc.detail}", messages.ERROR)
            else:
                lifted += 1
        self.message_user(
            request,
            ngettext("%(n)d cause lifted.", "%(n)d causes lifted.", lifted) % {"n": lifted},
            messages.SUCCESS,
        )


@admin.register(PolicyViolation)
class PolicyViolationAdmin(admin.ModelAdmin):
    list_display = ("seller", "site", "kind", "severity", "detected_at", "resolved_at", "reference")
    list_filter = ("kind", "severity", "site")
    search_fields = ("seller__code", "asin", "reference")
    readonly_fields = [f.name for f in PolicyViolation._meta.fields]

    def has_add_permission(self, request):
        return False  # through POST /api/v1/violations or `sellerdesk violations add`

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(admin.ModelAdmin):
    list_display = ("seller", "as_of", "score", "band", "engine", "computed_at")
    list_filter = ("band", "as_of")
    search_fields = ("seller__code",)
    date_hierarchy = "as_of"
    readonly_fields = [f.name for f in HealthSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
