"""Operator screens for the SLA configuration. Every save and delete goes through
``sla_config``: one audit event each, and the open cases it governs are replayed."""

from django import forms
from django.contrib import admin
from django.db.models import NOT_PROVIDED
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from sellerdesk.audit.admin_base import AuditedModelAdmin, AuditedTabularInline
from sellerdesk.sla.durations import MAX_MINUTES, format_duration, parse_duration
from sellerdesk.sla.models import BusinessCalendar, CalendarClosure, SlaPolicy, SlaSettings

from . import sla_config


class DurationField(forms.CharField):
    """Minutes, edited as people say them: "24 h", "2 d", "90 min", "1 d 6 h" (a number alone
    is minutes). The form's value is whole minutes, as stored."""

    widget = forms.TextInput(attrs={"size": 12, "autocomplete": "off"})

    def __init__(self, *, min_minutes: int = 1, **kwargs):
        self.min_minutes = min_minutes
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_duration(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            minutes = parse_duration(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if minutes < self.min_minutes:
            raise forms.ValidationError(
                gettext("At least %(duration)s.") % {"duration": format_duration(self.min_minutes)},
                code="min_value",
            )
        if minutes > MAX_MINUTES:
            raise forms.ValidationError(
                gettext("At most %(duration)s.") % {"duration": format_duration(MAX_MINUTES)},
                code="max_value",
            )
        return minutes


class DurationFieldsAdmin(AuditedModelAdmin):
    """Edits the model fields named in ``duration_fields`` (whole minutes) as durations."""

    duration_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name not in self.duration_fields:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        # Called per request, so gettext gives the operator's language.
        how = gettext("Write e.g. 24 h, 2 d, 90 min or 1 d 6 h (a number alone is minutes).")
        return DurationField(
            label=capfirst(db_field.verbose_name),
            required=not db_field.blank,
            initial=None if db_field.default is NOT_PROVIDED else db_field.default,
            help_text=f"{db_field.help_text} {how}" if db_field.help_text else how,
        )


def _duration_column(field: str, description):
    @admin.display(description=description, ordering=field)
    def column(model_admin, obj):
        return format_duration(getattr(obj, field))

    column.__name__ = field.removesuffix("_minutes")
    return column


@admin.register(SlaSettings)
class SlaSettingsAdmin(DurationFieldsAdmin):
    list_display = (
        "title",
        "warn_at_percent",
        "seller_escalation_after_hours",
        "default_first_response",
        "default_next_response",
        "default_resolution",
    )
    duration_fields = (
        "default_first_response_minutes",
        "default_next_response_minutes",
        "default_resolution_minutes",
    )
    fieldsets = (
        (
            gettext_lazy("Warnings and escalation"),
            {"fields": ("warn_at_percent", "seller_escalation_after_hours")},
        ),
        (
            gettext_lazy("Targets without a policy"),
            {"fields": (*duration_fields, "premium_target_percent")},
        ),
        (
            gettext_lazy("Sellers with high account health"),
            {
                "fields": (
                    "high_health_score",
                    "high_health_max_disputes",
                    "high_health_target_percent",
                )
            },
        ),
    )
    default_first_response = _duration_column(
        "default_first_response_minutes", gettext_lazy("default first response")
    )
    default_next_response = _duration_column(
        "default_next_response_minutes", gettext_lazy("default next response")
    )
    default_resolution = _duration_column(
        "default_resolution_minutes", gettext_lazy("default resolution")
    )

    @admin.display(description=gettext_lazy("settings"))
    def title(self, obj):
        return gettext("SLA settings")

    def has_add_permission(self, request):
        return not SlaSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, formsets, change):
        sla_config.sla_settings_save(actor=request.user, settings=obj)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(DurationFieldsAdmin):
    list_display = (
        "case_type",
        "tier",
        "first_response",
        "next_response",
        "resolution",
        "updated_at",
    )
    list_filter = ("tier", "case_type__team")
    duration_fields = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
    fieldsets = (
        (None, {"fields": ("case_type", "tier")}),
        (gettext_lazy("Targets"), {"fields": duration_fields}),
    )
    first_response = _duration_column("first_response_minutes", gettext_lazy("first response"))
    next_response = _duration_column("next_response_minutes", gettext_lazy("next response"))
    resolution = _duration_column("resolution_minutes", gettext_lazy("resolution"))

    def service_save(self, request, obj, form, formsets, change):
        sla_config.sla_policy_save(actor=request.user, policy=obj)

    def service_delete(self, request, obj):
        sla_config.sla_policy_delete(actor=request.user, policy=obj)


class ClosureInline(AuditedTabularInline):
    model = CalendarClosure
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedModelAdmin):
    list_display = ("name", "time_zone", "team", "site", "holiday_country", "holiday_subdivision")
    list_filter = ("holiday_country", "team", "site")
    fieldsets = (
        (None, {"fields": ("name", "team", "site")}),
        (gettext_lazy("Working time"), {"fields": ("time_zone", "hours")}),
        (gettext_lazy("Public holidays"), {"fields": ("holiday_country", "holiday_subdivision")}),
    )
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
