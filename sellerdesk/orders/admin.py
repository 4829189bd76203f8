from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin

from .models import MetricDefinition, OrderImport


@admin.register(MetricDefinition)
class MetricDefinitionAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "name_en",
        "formula",
        "fulfilment_channel",
        "window_days",
        "lag_days",
        "target",
        "target_condition",
        "enabled",
    )
    list_editable = ("enabled",)
    list_filter = ("formula", "enabled", "fulfilment_channel")
    search_fields = ("code", "name_en", "name_zh")

    def service_save(self, request, obj, form, formsets, change):
        from .services import metric_definition_save

        metric_definition_save(actor=request.user, definition=obj)


@admin.register(OrderImport)
class OrderImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made by ``sellerdesk orders import`` or the API."""

    list_display = (
        "id",
        "started_at",
        "file_name",
        "status",
        "received",
        "inserted",
        "updated",
        "unchanged",
        "rejected_rows",
        "actor",
    )
    list_filter = ("status", "source")
    search_fields = ("file_name", "sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
