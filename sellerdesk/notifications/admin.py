from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by ``notify`` and the worker, never by hand."""

    list_display = (
        "created_at",
        "recipient",
        "kind",
        "in_app",
        "status",
        "attempts",
        "sent_at",
        "read_at",
    )
    list_filter = ("in_app", "status", "kind")
    search_fields = ("recipient__email", "kind", "dedupe_key")
    # subject and body: the text as rendered from the frozen context (ADR 0007).
    readonly_fields = [f.name for f in Notification._meta.fields] + ["subject", "body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
