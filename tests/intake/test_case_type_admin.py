"""A case type's checklist is edited in the admin as ticked boxes with the evidence's labels,
not as raw JSON; unknown codes are still refused, and the change is audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.checklist import CHECKLIST_CODES
from sellerdesk.cases.models import CaseType

from ..test_admin_audit import errors_of, form_values


@pytest.fixture
def client_of(operator):
    client = Client()
    client.force_login(operator)
    return client


def _url(case_type):
    return f"/admin/cases/casetype/{case_type.pk}/change/"


def test_the_checklist_is_a_box_per_code_with_its_label(client_of):
    case_type = CaseType.objects.get(code="payments")
    html = client_of.get(_url(case_type)).content.decode()
    boxes = dict(
        re.findall(r'<input type="checkbox" name="required_fields" value="([a-z_]+)"([^>]*)>', html)
    )
    assert set(boxes) == CHECKLIST_CODES
    ticked = {code for code, rest in boxes.items() if "checked" in rest}
    assert ticked == set(case_type.required_fields)
    assert "Bank account details (bank_details)" in html
    assert "Order ID (order_id)" in html
    assert '<textarea name="required_fields"' not in html


def test_ticking_boxes_saves_the_codes_and_audits_only_what_changed(operator, client_of):
    case_type = CaseType.objects.get(code="payments")
    before = list(case_type.required_fields)
    data = form_values(client_of.get(_url(case_type)).content.decode())
    assert data.get("required_fields", []) == before
    data["required_fields"] = [*before, "screenshot"]
    response = client_of.post(_url(case_type), data)
    assert response.status_code == 302, errors_of(response)
    case_type.refresh_from_db()
    assert case_type.required_fields == [*before, "screenshot"]
    event = AuditEvent.objects.get(action="cases.casetype.updated", actor=operator)
    assert event.before == {"required_fields": before}
    assert event.after == {"required_fields": [*before, "screenshot"]}


def test_unticking_every_box_leaves_an_empty_checklist(client_of):
    case_type = CaseType.objects.get(code="payments")
    data = form_values(client_of.get(_url(case_type)).content.decode())
    data.pop("required_fields", None)
    assert client_of.post(_url(case_type), data).status_code == 302
    case_type.refresh_from_db()
    assert case_type.required_fields == []


def test_an_unknown_code_is_refused_on_the_field(client_of):
    case_type = CaseType.objects.get(code="payments")
    before = list(case_type.required_fields)
    data = form_values(client_of.get(_url(case_type)).content.decode())
    data["required_fields"] = ["bank_details", "dna"]
    response = client_of.post(_url(case_type), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["required_fields"]
    case_type.refresh_from_db()
    assert case_type.required_fields == before


def test_the_list_shows_the_evidence_by_label(client_of):
    case_type = CaseType.objects.get(code="payments")
    case_type.required_fields = ["bank_details", "screenshot"]
    case_type.save()
    html = client_of.get("/admin/cases/casetype/").content.decode()
    assert "Bank account details, Screenshot" in html
