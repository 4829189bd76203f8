from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin

from .models import Site


@admin.register(Site)
class SiteAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "currency", "time_zone", "support_languages", "active")
    search_fields = ("code", "name")
