"""Inputs found by fuzzing the appeals API (schemathesis against /api/v1/openapi.json): each a
class of input that was a 500, was taken although the OpenAPI document refuses it, was refused
although the document allows it, or named its error by pydantic's internals."""

from __future__ import annotations

import base64
import json
import re

import pytest

from sellerdesk.api import api
from sellerdesk.appeals.schemas import NOT_BLANK_PATTERN
from sellerdesk.lib.api_types import NO_NUL_PATTERN
from tests.api.conftest import API, assert_problem

from .test_api import body, invoice, upload


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "created",
    [
        "0001-01-01T00:00:00+05:00",  # before the first UTC instant: OverflowError, was a 500
        "9999-12-31T23:59:59-05:00",  # after the last one
        "2026-01-01T00:00:00",  # naive: no cursor of ours, and a warning per query
    ],
)
def test_a_cursor_time_outside_utc_or_without_offset_is_422(as_user, seller_owner, created):
    response = as_user(seller_owner).get("/appeals", {"cursor": _cursor([created, 1])})
    assert_problem(response, 422, field="cursor")


def test_a_cursor_of_ours_still_pages(as_user, seller_owner):
    response = as_user(seller_owner).get(
        "/appeals", {"cursor": _cursor(["2026-01-01T00:00:00+08:00", 1])}
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("value", ["7", True, 7.5])
def test_ids_are_json_integers_only(as_user, seller_owner, cause, value):
    # The schema says `type: integer`; pydantic alone read "7" and true as 7.
    client = as_user(seller_owner)
    assert_problem(client.post("/appeals/check", {"cause": value}), 422, field="cause")
    check = client.post("/appeals/check", {"cause": cause.pk, "evidence": [value]})
    assert_problem(check, 422, field="evidence.0")
    item = client.post("/appeals/check", {"cause": cause.pk, "evidence": [{"attachment": value}]})
    assert_problem(item, 422, field="evidence.0.attachment")


@pytest.mark.parametrize("value", [0, 1767225600, "2026-01-01T00:00:00", "01/02/2026", True])
def test_a_document_date_is_a_yyyy_mm_dd_string(as_user, seller_owner, seller_a, cause, value):
    client = as_user(seller_owner)
    item = invoice(upload(seller_owner, seller_a), document_date=value)
    response = client.post("/appeals/check", body(cause.pk, [item]))
    assert_problem(response, 422, field="evidence.0.document_date")


def test_an_evidence_error_names_the_member_not_the_union_branch(
    as_user, seller_owner, seller_a, cause
):
    client = as_user(seller_owner)
    item = invoice(upload(seller_owner, seller_a), supplier_name="Huaxin\x00")
    problem = assert_problem(client.post("/appeals", body(cause.pk, [item])), 422)
    assert [e["field"] for e in problem["errors"]] == ["evidence.0.supplier_name"]
    problem = assert_problem(client.post("/appeals", body(cause.pk, ["seven"])), 422)
    assert [e["field"] for e in problem["errors"]] == ["evidence.0"]


@pytest.mark.parametrize("as_float", [False, True])
def test_a_bare_id_still_names_the_file(as_user, seller_owner, seller_a, cause, as_float):
    # 7.0 is an integer to JSON Schema (and to schemathesis, which sends it): taken as 7.
    attachment = upload(seller_owner, seller_a)
    attachment = float(attachment) if as_float else attachment
    data = body(float(cause.pk) if as_float else cause.pk, [attachment])
    response = as_user(seller_owner).post("/appeals/check", data)
    assert response.status_code == 200, response.content
    assert not response.json()["blocking"]


@pytest.mark.parametrize(
    ("member", "limit"),
    [("root_cause", 20_000), ("draft_zh.preventive_measures", 20_000)],
)
def test_sections_over_the_limit_are_422_on_the_section(
    as_user, seller_owner, seller_a, cause, member, limit
):
    data = body(cause.pk, [invoice(upload(seller_owner, seller_a))])
    if member.startswith("draft_zh."):
        data["draft_zh"] = {member.split(".")[1]: "x" * (limit + 1)}
    else:
        data[member] = "x" * (limit + 1)
    problem = assert_problem(as_user(seller_owner).post("/appeals", data), 422, field=member)
    assert {e["code"] for e in problem["errors"]} == {"too_long"}


# --- what the document announces -------------------------------------------------------------


def _document() -> dict:
    return api.get_openapi_schema(path_prefix=f"{API}/")


def _request_schema(document: dict, path: str) -> dict:
    ref = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_the_document_announces_the_limits_the_api_enforces():
    document = _document()
    schemas = document["components"]["schemas"]
    version = _request_schema(document, f"{API}/appeals/{{appeal_id}}/versions")
    assert version["properties"]["root_cause"]["maxLength"] == 20_000
    assert version["properties"]["root_cause"]["pattern"] == NO_NUL_PATTERN
    items = version["properties"]["evidence"]["items"]["anyOf"]
    assert items[0] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    item = schemas["EvidenceItemIn"]["properties"]
    assert item["supplier_name"]["maxLength"] == 200
    assert item["supplier_address"]["maxLength"] == 500
    reject = _request_schema(document, f"{API}/appeals/{{appeal_id}}/reject")["properties"]
    assert reject["reasons"]["minItems"] == 1
    assert reject["reasons"]["items"]["pattern"] == NO_NUL_PATTERN
    info = _request_schema(document, f"{API}/appeals/{{appeal_id}}/request-info")["properties"]
    assert info["text"]["pattern"] == NOT_BLANK_PATTERN
    assert info["text"]["maxLength"] == 10_000


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("", False),
        ("   ", False),
        ("\t\n\r\x0b\x0c", False),
        ("\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000", False),  # blank to str.strip(), not to \s
        ("a\x00", False),
        ("Please add the carrier's scan records.", True),
        ("  请补充承运商扫描记录  ", True),
    ],
)
def test_the_not_blank_pattern_reads_blank_as_the_service_does(text, matches):
    # The document's pattern (ECMA-262, here read by Python's re with the same escapes) agrees
    # with the service's own rule: something left after strip(), and no NUL.
    assert bool(re.search(NOT_BLANK_PATTERN, text)) is matches
    assert matches is (bool(text.strip()) and "\x00" not in text)


def test_blank_request_info_text_is_still_the_services_422(as_user, agent_ah, opened):
    response = as_user(agent_ah).post(f"/appeals/{opened['id']}/request-info", {"text": "\u3000"})
    problem = assert_problem(response, 422, field="text")
    assert problem["errors"][0]["code"] == "required"


def test_the_id_bounds_are_json_schema_in_the_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    text = json.dumps(schema["components"]["schemas"])
    # pydantic's own "ge"/"le" keys are invisible to clients and fuzzers.
    assert '"ge":' not in text.replace(" ", "") and '"le":' not in text.replace(" ", "")
    assert '"maximum": 9223372036854775807' in text
