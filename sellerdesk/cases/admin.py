from django.contrib import admin

from .models import Case, CaseType, Message


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "team",
        "first_response_hours",
        "resolution_hours",
        "active",
    )
    list_filter = ("team", "active")
    list_editable = ("first_response_hours", "resolution_hours", "active")
    search_fields = ("code", "name_en", "name_zh")


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

    def has_delete_permission(self, request, obj=None):
        return False
