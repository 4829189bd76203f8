from django import forms
from django.contrib import admin

from sellerdesk.audit.admin_base import AuditedModelAdmin

from .models import Macro, SavedView
from .saved_views import clean_query
from .services import macro_errors


class MacroForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = (
            "name",
            "body_en",
            "body_zh",
            "owner",
            "team",
            "action",
            "close_reason",
            "active",
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("owner")) == bool(data.get("team")):
            raise forms.ValidationError("Give either an owner (personal) or a team (shared).")
        for error in macro_errors(
            name=data.get("name") or "",
            body_en=data.get("body_en") or "",
            body_zh=data.get("body_zh") or "",
            action=data.get("action") or "",
            close_reason=data.get("close_reason") or "",
        ):
            if error.field in self.fields:
                self.add_error(error.field, error.message)
        return data


@admin.register(Macro)
class MacroAdmin(AuditedModelAdmin):
    form = MacroForm
    list_display = ("name", "team", "owner", "action", "close_reason", "active", "updated_at")
    list_filter = ("team", "action", "active")
    search_fields = ("name", "body_en", "body_zh")
    raw_id_fields = ("owner",)


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ("name", "query", "owner", "team")

    def clean(self):
        data = super().clean()
        if bool(data.get("owner")) == bool(data.get("team")):
            raise forms.ValidationError("Give either an owner (personal) or a team (shared).")
        data["query"] = clean_query(data.get("query") or "")
        return data


@admin.register(SavedView)
class SavedViewAdmin(AuditedModelAdmin):
    form = SavedViewForm
    list_display = ("name", "team", "owner", "query", "created_at")
    list_filter = ("team",)
    search_fields = ("name", "query")
    raw_id_fields = ("owner",)
