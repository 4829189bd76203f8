from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only metadata: the files themselves leave only through the checked download view."""

    list_display = (
        "id",
        "filename",
        "content_type",
        "size",
        "seller",
        "case",
        "slot",
        "created_at",
    )
    list_filter = ("content_type", "slot")
    search_fields = ("=id", "sha256", "seller__code")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a row without its file, or a file without its row: neither
