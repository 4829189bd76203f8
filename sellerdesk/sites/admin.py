from django.contrib import admin

from .models import Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "currency", "time_zone", "support_languages", "active")
    search_fields = ("code", "name")
