"""Unknown body members (issue 12) are refused with a 422 naming each one, never ignored: a
seller's `"kind": "internal_note"` was silently a public reply. Query parameters are not."""

from __future__ import annotations

import re

import pytest

from sellerdesk.api import api
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case, Message

from .conftest import API, assert_problem, case_body


@pytest.fixture
def seller(as_user, seller_owner):
    return as_user(seller_owner)


def _openapi() -> dict:
    return api.get_openapi_schema(path_prefix=f"{API}/")


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _json_body_operations() -> list[tuple[str, str]]:
    document = _openapi()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                found.append((method, path.removeprefix(API)))
    return found


# --- unknown body members -------------------------------------------------------------------


def test_a_seller_internal_note_spelled_kind_is_refused_not_posted(seller, make_case):
    case = make_case()
    before = (Message.objects.count(), AuditEvent.objects.count())
    response = seller.post(
        f"/cases/{case.number}/messages", {"body": "Our own note", "kind": "internal_note"}
    )
    body = assert_problem(response, 422, "kind")
    assert body["errors"] == [
        {
            "field": "kind",
            "code": "unknown_field",
            "message": "unknown field 'kind': not accepted here, so nothing was done",
        }
    ]
    assert (Message.objects.count(), AuditEvent.objects.count()) == before


def test_every_unknown_member_is_named(seller):
    body = assert_problem(seller.post("/cases", case_body(kind="x", priority="high")), 422)
    unknown = {e["field"] for e in body["errors"] if e["code"] == "unknown_field"}
    assert unknown == {"kind", "priority"}
    assert Case.objects.count() == 0


def test_an_optional_body_with_an_unknown_member_is_refused(as_user, agent_ss, make_case):
    case = make_case()
    response = as_user(agent_ss).post(f"/cases/{case.number}/resolve", {"reason": "done"})
    assert_problem(response, 422, "reason")
    case.refresh_from_db()
    assert case.status != "resolved"


@pytest.mark.parametrize(("method", "path"), _json_body_operations())
def test_every_body_refuses_unknown_members(as_user, operator, method, path):
    path = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(as_user(operator), method)(path, {"no_such_member": True})
    body = assert_problem(response, 422, "no_such_member")
    codes = {e["code"] for e in body["errors"] if e["field"] == "no_such_member"}
    assert codes == {"unknown_field"}


def test_every_body_schema_says_additional_properties_false():
    document = _openapi()
    operations = _json_body_operations()
    assert len(operations) >= 10
    for operations_of_path in document["paths"].values():
        for operation in operations_of_path.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(content["application/json"]["schema"], document)
            # A whole-body schema may be wrapped (optional bodies): look through anyOf.
            for option in schema.get("anyOf", [schema]):
                option = _resolve(option, document)
                if option.get("type") == "null":
                    continue
                assert option.get("additionalProperties") is False, (operation, option)


def test_unknown_query_parameters_are_ignored(seller, make_case):
    case = make_case()
    response = seller.get("/cases", {"utm_source": "mail", "_": "1700000000"})
    assert response.status_code == 200
    assert [c["number"] for c in response.json()["items"]] == [case.number]
