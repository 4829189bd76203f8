"""The admin speaks the operator's language and shows times in their zone, like the rest of
the desk (accounts/middleware.py); the audit log lists the newest event first."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import translation

from sellerdesk.audit.services import audit_record
from sellerdesk.cases.admin import CaseTypeAdmin
from sellerdesk.cases.models import CaseType
from sellerdesk.sla.models import BusinessCalendar, SlaPolicy, SlaSettings

from .conftest import make_user


@pytest.fixture
def chinese_operator(db):
    return make_user(
        "zh.operator@desk.example", "operator", language="zh-hans", time_zone="Asia/Shanghai"
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_follows_the_operators_language(chinese_operator, operator):
    zh = _client(chinese_operator).get("/admin/")
    assert zh.status_code == 200
    assert zh["Content-Language"] == "zh-hans"
    assert "站点管理" in zh.content.decode()  # Django's own "Site administration"
    en = _client(operator).get("/admin/")
    assert "Site administration" in en.content.decode()


def test_the_configuration_models_labels_are_translatable():
    """Verbose names, field labels and help texts are catalogue strings (lazy), so the admin
    shows them in the operator's language once the catalogue has them."""
    from django.utils.functional import Promise

    for model in (SlaSettings, SlaPolicy, BusinessCalendar, CaseType):
        assert isinstance(model._meta.verbose_name, Promise), model
        assert isinstance(model._meta.verbose_name_plural, Promise), model
        for field in model._meta.get_fields():
            if getattr(field, "auto_created", False) and not field.concrete:
                continue
            if field.name == "id":
                continue
            assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name}"
            if field.help_text:
                assert isinstance(field.help_text, Promise), f"{model.__name__}.{field.name}"
    from django.apps import apps

    for label in ("sla", "cases"):
        assert isinstance(apps.get_app_config(label).verbose_name, Promise), label
    for title, _ in CaseTypeAdmin.fieldsets:
        assert title is None or isinstance(title, Promise)


def test_a_label_is_shown_in_the_active_language():
    # Whatever the catalogue holds, the label is looked up when shown, not when imported.
    with translation.override("en"):
        assert str(SlaPolicy._meta.verbose_name_plural) == "SLA policies"


def test_admin_times_are_in_the_operators_zone(chinese_operator, operator):
    when = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    event = audit_record(actor=None, action="test.timed", obj=chinese_operator, at=when)
    url = f"/admin/audit/auditevent/{event.pk}/change/"
    shanghai = _client(chinese_operator).get(url).content.decode()
    utc = _client(operator).get(url).content.decode()
    assert "09:30" in shanghai and "01:30" not in shanghai
    assert "1:30 a.m." in utc and "9:30" not in utc


def test_the_audit_log_lists_the_newest_event_first(operator):
    # Recorded out of order: the later one first, so the order is by time, not by id.
    second = audit_record(
        actor=None, action="test.second", obj=operator, at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    first = audit_record(
        actor=None, action="test.first", obj=operator, at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    html = _client(operator).get("/admin/audit/auditevent/").content.decode()
    links = re.findall(r"/admin/audit/auditevent/(\d+)/change/", html)
    order = [int(pk) for pk in links if int(pk) in (first.pk, second.pk)]
    assert order == [second.pk, first.pk]


# The apps whose models an operator manages in the admin (besides sla and cases, above).
ADMIN_APPS = (
    "accounts",
    "marketplaces",
    "health",
    "knowledge",
    "orders",
    "notifications",
    "attachments",
    "audit",
    "workspace",
)


def _admin_models():
    from django.contrib import admin

    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ADMIN_APPS
    ]


def test_every_admin_models_labels_are_translatable():
    """Model names, field labels, help texts, app names, fieldset titles and actions of every
    app an operator manages are catalogue strings, looked up in the operator's language."""
    from django.apps import apps
    from django.utils.functional import Promise

    registered = _admin_models()
    assert {model._meta.app_label for model, _ in registered} == set(ADMIN_APPS)
    for model, model_admin in registered:
        assert isinstance(model._meta.verbose_name, Promise), model
        assert isinstance(model._meta.verbose_name_plural, Promise), model
        for field in model._meta.get_fields():
            if (getattr(field, "auto_created", False) and not field.concrete) or field.name == "id":
                continue
            assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name}"
            if field.help_text:
                assert isinstance(field.help_text, Promise), f"{model.__name__}.{field.name}"
        for title, _ in model_admin.fieldsets or ():
            assert title is None or isinstance(title, Promise), f"{model.__name__}: {title}"
        for inline in model_admin.inlines:
            assert isinstance(inline.model._meta.verbose_name_plural, Promise), inline
        for action in model_admin.actions or ():
            func = getattr(model_admin, action) if isinstance(action, str) else action
            description = getattr(func, "short_description", None)
            assert description is None or isinstance(description, Promise), action
    for label in ADMIN_APPS:
        assert isinstance(apps.get_app_config(label).verbose_name, Promise), label


def _names(model) -> tuple[str, str]:
    from django.utils.text import capfirst

    with translation.override("en"):
        en = str(capfirst(model._meta.verbose_name_plural))
    with translation.override("zh-hans"):
        zh = str(capfirst(model._meta.verbose_name_plural))
    return en, zh


def test_a_chinese_operators_admin_shows_the_model_names_in_chinese(chinese_operator):
    """The index and each app's change lists name the models in Chinese: no English model name
    is left where the catalogue has a Chinese one (names the same in both are skipped, so this
    holds whatever the catalogue holds, and bites once it is filled)."""
    from django.urls import reverse

    client = _client(chinese_operator)
    index = client.get("/admin/").content.decode()
    one_per_app = {}
    for model, _ in _admin_models():
        one_per_app.setdefault(model._meta.app_label, model)
        en, zh = _names(model)
        if en == zh:
            continue
        assert f">{en}</a>" not in index, en
        assert f">{zh}</a>" in index, zh
    for label, model in one_per_app.items():
        url = reverse(f"admin:{label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        en, zh = _names(model)
        if en == zh:
            continue
        assert zh in html, url
        assert f"<h1>{en}" not in html and f"› {en}" not in html, url


def test_the_case_history_names_every_audited_case_and_workspace_action():
    """Each action the workspace and case routing record has words in the case history."""
    from pathlib import Path

    from sellerdesk.web.labels import ACTION_LABELS

    root = Path(__file__).resolve().parent.parent / "sellerdesk"
    sources = [*sorted((root / "workspace").glob("*.py")), root / "cases" / "routing.py"]
    recorded = set()
    for source in sources:
        recorded |= set(re.findall(r'"((?:case|macro|saved_view)\.[a-z_]+)"', source.read_text()))
    assert {"case.moved", "macro.applied", "macro.created", "saved_view.created"} <= recorded
    assert recorded - set(ACTION_LABELS) == set()
