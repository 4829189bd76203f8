from django import forms
from django.contrib import admin, messages
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext

from sellerdesk.audit.admin_base import AuditedModelAdmin
from sellerdesk.lib.errors import DomainError

from . import abuse_services
from .checklist import CHECKLIST_CODES, FIELD_SPECS, GROUPS
from .models import Case, CaseType, Message, SupportRestriction
from .sla_admin import BusinessCalendarAdmin, SlaPolicyAdmin, SlaSettingsAdmin  # noqa: F401 (registers)


@admin.register(CaseType)
class CaseTypeAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "team",
        "evidence",
        "active",
    )
    list_filter = ("team", "active")
    list_editable = ("active",)
    search_fields = ("code", "name_en", "name_zh")
    fieldsets = (
        (None, {"fields": ("code", "name_en", "name_zh", "team", "position", "active")}),
        (gettext_lazy("Descriptions"), {"fields": ("description_en", "description_zh")}),
        (gettext_lazy("Intake checklist"), {"fields": ("required_fields",)}),
    )

    @admin.display(description=gettext_lazy("required evidence"))
    def evidence(self, obj):
        labels = {code: spec.label for code, spec in (*FIELD_SPECS.items(), *GROUPS.items())}
        return ", ".join(str(labels.get(code, code)) for code in obj.required_fields) or "—"


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("created_at", "author_kind", "kind", "internal", "body")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only here: cases change through the console and API, where every change is audited."""

    list_display = (
        "number",
        "seller",
        "site",
        "case_type",
        "team",
        "status",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "team", "site", "tier")
    search_fields = ("=number", "subject", "seller__code")
    inlines = [MessageInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- intake ---------------------------------------------------------------------------------


def checklist_choices() -> list[tuple[str, object]]:
    """Every checklist code with its label, single fields first, then the groups a seller can
    satisfy in more than one way; labels stay lazy, so the admin shows them in its language."""
    return [
        (code, format_lazy("{} ({})", spec.label, code))
        for code, spec in (*FIELD_SPECS.items(), *GROUPS.items())
    ]


class CaseTypeChecklistForm(forms.ModelForm):
    required_fields = forms.MultipleChoiceField(
        label=gettext_lazy("Required evidence"),
        choices=checklist_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("What the seller must give when opening a case of this type."),
    )

    class Meta:
        model = CaseType
        fields = [  # noqa: RUF012 - Django's Meta
            "code",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "team",
            "required_fields",
            "position",
            "active",
        ]

    def clean_required_fields(self):
        value = self.cleaned_data["required_fields"]
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise forms.ValidationError(gettext_lazy("A list of checklist codes."))
        unknown = [c for c in value if c not in CHECKLIST_CODES]
        if unknown:
            raise forms.ValidationError(
                f"Unknown checklist codes {unknown}; known: {sorted(CHECKLIST_CODES)}"
            )
        # The stored order first, so ticking one more box records only that one as changed.
        stored = [c for c in (self.instance.required_fields or []) if c in value]
        return stored + [c for c in value if c not in stored]


CaseTypeAdmin.form = CaseTypeChecklistForm


@admin.register(SupportRestriction)
class SupportRestrictionAdmin(admin.ModelAdmin):
    """Support restrictions for abuse. Read-only; lifting goes through the audited service."""

    list_display = ("seller", "rule", "counted", "starts_at", "ends_at", "lifted_at", "lifted_by")
    list_filter = ("lifted_at",)
    search_fields = ("seller__code", "seller__name")
    actions = ["lift"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in SupportRestriction._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Lift the selected restrictions (audited)"))
    def lift(self, request, queryset):
        lifted = 0
        for restriction in queryset.filter(lifted_at__isnull=True):
            try:
                abuse_services.restriction_lift(
                    actor=request.user,
                    restriction=restriction,
                    reason=f"Lifted in the admin by {request.user.email}",
                )
            except DomainError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
                return
            lifted += 1
        self.message_user(
            request,
            ngettext("%(n)d restriction lifted.", "%(n)d restrictions lifted.", lifted)
            % {"n": lifted},
        )
