"""Operator screens for the SLA configuration. Every save and delete goes through
``sla_config``: one audit event each, and the open cases it governs are replayed."""

from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin, AuditedTabularInline
from sellerdesk.sla.models import BusinessCalendar, CalendarClosure, SlaPolicy, SlaSettings

from . import sla_config


@admin.register(SlaSettings)
class SlaSettingsAdmin(AuditedModelAdmin):
    list_display = ("__str__", "warn_at_percent", "seller_escalation_after_hours")

    def has_add_permission(self, request):
        return not SlaSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, formsets, change):
        sla_config.sla_settings_save(actor=request.user, settings=obj)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedModelAdmin):
    list_display = (
        "case_type",
        "tier",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "updated_at",
    )
    list_filter = ("tier", "case_type__team")

    def service_save(self, request, obj, form, formsets, change):
        sla_config.sla_policy_save(actor=request.user, policy=obj)

    def service_delete(self, request, obj):
        sla_config.sla_policy_delete(actor=request.user, policy=obj)


class ClosureInline(AuditedTabularInline):
    model = CalendarClosure
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedModelAdmin):
    list_display = ("name", "time_zone", "team", "site", "holiday_country")
    inlines = [ClosureInline]

    def service_save(self, request, obj, form, formsets, change):
        """The calendar and its closures in one service call, so the replay sees both and the
        audit event holds both."""
        closures = None
        for formset in formsets:
            if formset.model is not CalendarClosure:
                continue
            closures = []
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for inline_form in formset.forms:
                data = getattr(inline_form, "cleaned_data", None) or {}
                row = inline_form.instance
                if formset._should_delete_form(inline_form):
                    if row.pk:
                        formset.deleted_objects.append(row)
                    continue
                if not data.get("date"):
                    continue  # an empty extra row
                closures.append((data["date"], data.get("reason") or ""))
                if row.pk is None:
                    formset.new_objects.append(row)
                elif inline_form.has_changed():
                    formset.changed_objects.append((row, inline_form.changed_data))
        sla_config.business_calendar_save(actor=request.user, calendar=obj, closures=closures)

    def service_delete(self, request, obj):
        sla_config.business_calendar_delete(actor=request.user, calendar=obj)
