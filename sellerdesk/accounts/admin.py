from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Seller, SellerMembership, Team, TeamMembership, User


class SellerMembershipInline(admin.TabularInline):
    model = SellerMembership
    extra = 0
    autocomplete_fields = ["user"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ("email", "full_name", "kind", "language", "time_zone", "is_active")
    list_filter = ("kind", "language", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "kind", "language", "time_zone", "languages_spoken")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "kind", "password1", "password2")}),
    )
    inlines = [TeamMembershipInline]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "home_country", "tier", "status", "created_at")
    list_filter = ("tier", "status", "home_country")
    search_fields = ("code", "name")
    filter_horizontal = ("sites",)
    inlines = [SellerMembershipInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "active")
    inlines = [TeamMembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    search_fields = ("user__email", "name", "prefix")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")
    exclude = ()

    def has_add_permission(self, request):
        return False  # tokens are created by the user or the CLI, where they are shown once
