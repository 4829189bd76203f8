"""Operators write articles and schedule training here. Every save goes through the services,
so the search index follows and each change is audited; deleting a category or an event, which
no service does, is audited by the admin base (``audit/admin_base.py``); counters and
suggestion rows are read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy

from sellerdesk.audit.admin_base import AuditedModelAdmin
from sellerdesk.lib.errors import DomainError

from . import services
from .models import (
    Article,
    ArticleAttachment,
    Category,
    Registration,
    SuggestionOpen,
    TrainingEvent,
)
from .training import services as training_services

ARTICLE_COUNTERS = ("view_count", "helpful_yes", "helpful_no", "learner_count")


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "name_zh", "position")
    list_editable = ("position",)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def service_save(self, request, obj, form, formsets, change):
        fields = ("name_en", "name_zh", "description_en", "description_zh", "position")
        if change:
            changes = {f: form.cleaned_data[f] for f in form.changed_data if f in fields}
            services.category_update(actor=request.user, category=obj, **changes)
        else:
            created = services.category_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                **{f: form.cleaned_data[f] for f in fields},
            )
            obj.pk = created.pk
            obj._state.adding = False


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 1
    fields = ("file", "filename", "content_type", "size")
    readonly_fields = ("filename", "content_type", "size")


@admin.register(Article)
class ArticleAdmin(AuditedModelAdmin):
    list_display = ("title", "language", "category", "status", *ARTICLE_COUNTERS, "updated_at")
    list_filter = ("language", "status", "category")
    search_fields = ("title", "key", "tags")
    filter_horizontal = ("case_types",)
    fields = (
        ("key", "language"),
        ("category", "status", "position"),
        "title",
        "summary",
        "body",
        "tags",
        "video_url",
        "case_types",
        ARTICLE_COUNTERS,
        ("created_at", "updated_at", "published_at", "source"),
    )
    readonly_fields = (*ARTICLE_COUNTERS, "created_at", "updated_at", "published_at", "source")
    inlines = [AttachmentInline]

    def get_readonly_fields(self, request, obj=None):
        locked = ("key", "language") if obj else ()
        return (*self.readonly_fields, *locked)

    def service_save(self, request, obj, form, formsets, change):
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in services.EDITABLE}
            if "case_types" in changes:
                changes["case_types"] = list(changes["case_types"])
            if changes:
                services.article_update(actor=request.user, article=obj, **changes)
        else:
            created = services.article_create(
                actor=request.user,
                key=data["key"],
                language=data["language"],
                category=data["category"],
                title=data["title"],
                body=data["body"],
                summary=data.get("summary", ""),
                tags=data.get("tags", ""),
                video_url=data.get("video_url", ""),
                status=data["status"],
                position=data["position"],
                case_types=list(data.get("case_types", [])),
            )
            obj.pk = created.pk
            obj._state.adding = False
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # What the admin's change message reads, as formset.save() would have set it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                continue
            attachment = inline_form.instance
            if formset._should_delete_form(inline_form):
                if attachment.pk:
                    services.attachment_remove(actor=request.user, attachment=attachment)
                    formset.deleted_objects.append(attachment)
            elif attachment.pk is None and inline_form.cleaned_data.get("file"):
                try:
                    added = services.attachment_add(
                        actor=request.user,
                        article=form.instance,
                        upload=inline_form.cleaned_data["file"],
                    )
                    formset.new_objects.append(added)
                except DomainError as exc:
                    messages.error(request, f"{exc.detail} {[e.message for e in exc.errors]}")

    def service_delete(self, request, obj):
        services.article_delete(actor=request.user, article=obj)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ("user", "seller", "status", "created_at", "attended", "reminder_sent_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingEvent)
class TrainingEventAdmin(AuditedModelAdmin):
    list_display = (
        "title_en",
        "kind",
        "city",
        "starts_at",
        "capacity",
        "confirmed_count",
        "status",
    )
    list_filter = ("kind", "status", "city")
    search_fields = ("title_en", "title_zh", "city", "venue")
    readonly_fields = ("confirmed_count", "status", "created_at")
    inlines = [RegistrationInline]
    actions = ["cancel_events"]

    def service_save(self, request, obj, form, formsets, change):
        editable = training_services.EVENT_EDITABLE
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in editable}
            if changes:
                training_services.event_update(actor=request.user, event=obj, **changes)
        else:
            created = training_services.event_create(
                actor=request.user, **{f: data[f] for f in editable if f in data}
            )
            obj.pk = created.pk
            obj._state.adding = False
        # Registrations are read-only here; nothing to save, nothing to report.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description=gettext_lazy("Cancel the selected events (registrations are told)"))
    def cancel_events(self, request, queryset):
        for event in queryset.filter(status=TrainingEvent.Status.SCHEDULED):
            training_services.event_cancel(actor=request.user, event=event)


@admin.register(SuggestionOpen)
class SuggestionOpenAdmin(admin.ModelAdmin):
    """Read-only: the raw rows behind the deflection report."""

    list_display = ("opened_at", "user", "article", "case_type", "window_ends_at")
    list_filter = ("case_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
