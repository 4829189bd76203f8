"""Operators manage users, sellers, teams, memberships and tokens here; every change is audited
(``audit/admin_base.py``), memberships one event each, password hashes and token digests never
recorded."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import router, transaction
from django.utils.translation import gettext_lazy, ngettext

from sellerdesk.audit.admin_base import SECRET, AuditedModelAdmin, AuditedTabularInline
from sellerdesk.audit.services import audit_record

from . import services
from .models import ApiToken, Seller, SellerMembership, Team, TeamMembership, User


class SellerMembershipInline(AuditedTabularInline):
    model = SellerMembership
    extra = 0
    autocomplete_fields = ["user"]


class TeamMembershipInline(AuditedTabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ("email", "full_name", "kind", "language", "time_zone", "is_active")
    list_filter = ("kind", "language", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            gettext_lazy("Profile"),
            {"fields": ("full_name", "kind", "language", "time_zone", "languages_spoken")},
        ),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "kind", "password1", "password2")}),
    )
    inlines = [TeamMembershipInline]
    # Sign-ins are not configuration changes.
    audit_ignore_fields = ("last_login",)

    def user_change_password(self, request, id, form_url=""):
        """Django's own view, which saves without ``save_model``: audited here, the hash
        masked."""
        with transaction.atomic(using=router.db_for_write(User)):
            user = self.get_object(request, unquote(id))
            old = user.password if user else None
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db(fields=["password"])
                if user.password != old:
                    audit_record(
                        actor=request.user,
                        action=f"{self.audit_name(user)}.password_changed",
                        obj=user,
                        before={"password": SECRET},
                        after={"password": SECRET},
                    )
            return response


# Django registers groups (permission sets for staff) itself, unaudited: audited here instead.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin, BaseGroupAdmin):
    pass


@admin.register(Seller)
class SellerAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "home_country", "tier", "status", "created_at")
    list_filter = ("tier", "status", "home_country")
    search_fields = ("code", "name")
    filter_horizontal = ("sites",)
    inlines = [SellerMembershipInline]


@admin.register(Team)
class TeamAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "name_zh", "active")
    inlines = [TeamMembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """A token's name may be changed; revoking goes through the service (audited once, by a
    conditional update). Tokens are not deleted: a revoked one stays on record."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    search_fields = ("user__email", "name", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    audit_ignore_fields = ("last_used_at",)
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # tokens are created by the user or the CLI, where they are shown once

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens (audited)"))
    def revoke_selected(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(actor=request.user, token=token)
            revoked += 1
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )
