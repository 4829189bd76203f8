from django.contrib import admin

from sellerdesk.sla.models import BusinessCalendar, CalendarClosure, SlaPolicy, SlaSettings


@admin.register(SlaSettings)
class SlaSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "warn_at_percent", "seller_escalation_after_hours")

    def has_add_permission(self, request):
        return not SlaSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "case_type",
        "tier",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "updated_at",
    )
    list_filter = ("tier", "case_type__team")

    def save_model(self, request, obj, form, change):
        from .sla_config import sla_policy_save

        sla_policy_save(actor=request.user, policy=obj)


class ClosureInline(admin.TabularInline):
    model = CalendarClosure
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "team", "site", "holiday_country")
    inlines = [ClosureInline]
