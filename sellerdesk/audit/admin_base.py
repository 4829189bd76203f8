"""The admin's writes leave audit events, like every other write (ADR 0002).

``AuditedModelAdmin`` is the base of every admin that can change data. Each save, delete and
bulk delete records one event per object it changes, with the operator as actor, in the
admin's transaction: ``<label>.created|updated|deleted`` (the model's label, e.g.
``sla.businesscalendar.updated``, or the admin's ``audit_action``) with the fields that changed
before and after. Inline rows (memberships, closures) are objects too: one event each.

Two ways to use it:
- generic: the base saves the row itself; override ``saved``/``deleted`` for side effects, which
  run after the audit, in the same transaction;
- through a service: override ``service_save`` (and ``service_delete``). The service writes,
  audits and runs its side effects (the SLA configuration replays cases); the base records
  nothing itself for the object, so nothing is audited twice.

Secrets never reach the log: password hashes, token digests and encrypted values are recorded
as ``SECRET`` when they change (``audit_secret_fields`` adds more). Admins that change nothing
must say so with no add, change or delete permission; ``tests/test_admin_audit.py`` walks the
registry and holds every admin to one or the other.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile

from .models import AuditEvent
from .services import audit_event, audit_record

SECRET = "(secret)"  # noqa: S105 - the mask written in place of a secret
# Field names that hold secrets wherever they appear; recorded as SECRET, never as values.
SECRET_NAMES = frozenset({"password", "digest"})
SECRET_PARTS = ("secret", "encrypted", "cipher")


def _plain(value: Any) -> Any:
    """A JSON value that compares equal when the stored value is the same."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # Dates, times, Decimals, UUIDs and whatever JSON fields hold: as the encoder writes them.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def is_secret(name: str, extra: tuple[str, ...] = ()) -> bool:
    return name in SECRET_NAMES or name in extra or any(p in name for p in SECRET_PARTS)


def audit_values(obj: models.Model, *, ignore: tuple[str, ...] = ()) -> dict[str, Any]:
    """The recordable values of ``obj``: concrete fields (foreign keys as ids, timestamps the
    database keeps left out) and, once saved, many-to-many fields as sorted ids."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in ignore:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        values[field.name] = _plain(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name not in ignore:
                pks = getattr(obj, field.name).values_list("pk", flat=True)
                values[field.name] = sorted(pks, key=str)
    return values


def stored_values(obj: models.Model, *, ignore: tuple[str, ...] = ()) -> dict[str, Any]:
    """``audit_values`` of the row as stored (the form has already changed ``obj``)."""
    if obj.pk is None:
        return {}
    row = type(obj)._default_manager.filter(pk=obj.pk).first()
    return audit_values(row, ignore=ignore) if row is not None else {}


def changes(
    before: dict[str, Any], after: dict[str, Any], *, secret: tuple[str, ...] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after), secrets masked."""
    keys = [k for k in after.keys() | before.keys() if before.get(k) != after.get(k)]
    old, new = {}, {}
    for key in sorted(keys):
        masked = is_secret(key, secret)
        if key in before:
            old[key] = SECRET if masked and before[key] else before[key]
        if key in after:
            new[key] = SECRET if masked and after[key] else after[key]
    return old, new


def record(
    request, obj: models.Model, verb: str, before: dict, after: dict, *, name: str, secret=()
) -> AuditEvent | None:
    """One event for ``obj`` unless an update changed nothing."""
    old, new = changes(before, after, secret=secret)
    if verb == "updated" and not (old or new):
        return None
    return audit_record(actor=request.user, action=f"{name}.{verb}", obj=obj, before=old, after=new)


class AuditedInline:
    """Mixin for inlines of an ``AuditedModelAdmin``: names the inline rows' events and their
    secrets. (The parent admin saves inline formsets; every inline row is audited.)"""

    audit_action: str | None = None
    audit_secret_fields: tuple[str, ...] = ()
    audit_ignore_fields: tuple[str, ...] = ()


class AuditedTabularInline(AuditedInline, admin.TabularInline):
    pass


class AuditedStackedInline(AuditedInline, admin.StackedInline):
    pass


class AuditedModelAdmin(admin.ModelAdmin):
    audit_action: str | None = None  # default: the model's label, e.g. "sites.site"
    audit_secret_fields: tuple[str, ...] = ()
    audit_ignore_fields: tuple[str, ...] = ()

    # --- what subclasses override -----------------------------------------------------------

    def saved(self, request, obj, *, before: dict, after: dict, created: bool) -> None:
        """Side effects of a generic save (after its audit, in its transaction)."""

    def deleted(self, request, obj, *, before: dict) -> None:
        """Side effects of a generic delete (after its audit, in its transaction)."""

    def service_save(self, request, obj, form, formsets, change: bool) -> None:
        """Override to save through a service that audits: ``obj`` is the form's unsaved
        instance; the service writes it, its many-to-many values and inline rows."""
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        """Override to delete through a service that audits."""
        raise NotImplementedError

    # --- the admin's writes -----------------------------------------------------------------

    def _overrides(self, name: str) -> bool:
        return getattr(type(self), name) is not getattr(AuditedModelAdmin, name)

    def audit_name(self, obj) -> str:
        return self.audit_action or obj._meta.label_lower

    def _values(self, obj) -> dict:
        return audit_values(obj, ignore=self.audit_ignore_fields)

    def save_model(self, request, obj, form, change):
        if self._overrides("service_save"):
            return  # in save_related, once the inline rows are known
        form._audit_before = stored_values(obj, ignore=self.audit_ignore_fields) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if self._overrides("service_save"):
            self.service_save(request, obj, form, formsets, change)
            return
        super().save_related(request, form, formsets, change)
        before, after = getattr(form, "_audit_before", {}), self._values(obj)
        record(
            request,
            obj,
            "updated" if change else "created",
            before,
            after,
            name=self.audit_name(obj),
            secret=self.audit_secret_fields,
        )
        self.saved(request, obj, before=before, after=after, created=not change)

    def _inline_for(self, model) -> type | None:
        for inline in self.inlines:
            if inline.model is model:
                return inline
        return None

    def save_formset(self, request, form, formset, change):
        """Save inline rows one by one, each with its event (what ``formset.save()`` does,
        and the lists the admin's change message reads)."""
        inline = self._inline_for(formset.model)
        name = getattr(inline, "audit_action", None) or formset.model._meta.label_lower
        secret = getattr(inline, "audit_secret_fields", ())
        ignore = getattr(inline, "audit_ignore_fields", ())
        rows = formset.save(commit=False)
        existing = [o.pk for o in formset.deleted_objects] + [
            o.pk for o, _ in formset.changed_objects
        ]
        stored = formset.model._default_manager.in_bulk(existing)
        for row in formset.deleted_objects:
            before = audit_values(stored.get(row.pk, row), ignore=ignore)
            record(request, row, "deleted", before, {}, name=name, secret=secret)
            row.delete()
        for row in rows:
            created = row.pk is None or row.pk not in stored
            before = {} if created else audit_values(stored[row.pk], ignore=ignore)
            row.save()
            after = audit_values(row, ignore=ignore)
            verb = "created" if created else "updated"
            record(request, row, verb, before, after, name=name, secret=secret)
        formset.save_m2m()

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            if self._overrides("service_delete"):
                self.service_delete(request, obj)
                return
            before = self._values(obj)
            record(
                request,
                obj,
                "deleted",
                before,
                {},
                name=self.audit_name(obj),
                secret=self.audit_secret_fields,
            )
            super().delete_model(request, obj)
            self.deleted(request, obj, before=before)

    def delete_queryset(self, request, queryset):
        """The bulk action: one event per object, written in one insert, with the delete."""
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            if self._overrides("service_delete") or self._overrides("deleted"):
                for obj in queryset:
                    self.delete_model(request, obj)
                return
            events = []
            for obj in queryset:
                old, _ = changes(self._values(obj), {}, secret=self.audit_secret_fields)
                events.append(
                    audit_event(
                        actor=request.user,
                        action=f"{self.audit_name(obj)}.deleted",
                        obj=obj,
                        before=old,
                    )
                )
            AuditEvent.objects.bulk_create(events)
            super().delete_queryset(request, queryset)
