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
