"""Bad input is a problem+json naming the field, and nothing is written."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import override_settings

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case

from .conftest import assert_problem, case_body


@pytest.fixture
def seller(as_user, seller_owner):
    return as_user(seller_owner)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"case_type": "no-such-type"}, "case_type"),
        ({"site": "XX"}, "site"),
        ({"site": "DE"}, "site"),  # a real site the seller does not sell on
        ({"subject": ""}, "subject"),
        ({"subject": "   "}, "subject"),
        ({"subject": "s" * 201}, "subject"),
        ({"description": "d" * 20_001}, "description"),
        ({"language": "fr"}, "language"),
        ({"fields": {}}, "fields.order_id"),
        ({"fields": {"order_id": "12345"}}, "fields.order_id"),
        ({"fields": {"order_id": "113-1234567-1234567", "colour": "red"}}, "fields.colour"),
        ({"subject": 42}, "subject"),
        ({"fields": ["order_id"]}, "fields"),
        ({"fields": {"order_id": 1131234567}}, "fields.order_id"),
        ({"subject": "nul\x00byte"}, "subject"),
    ],
)
def test_invalid_case_is_rejected_naming_the_field(seller, overrides, field):
    before = (Case.objects.count(), AuditEvent.objects.count())
    body = assert_problem(seller.post("/cases", case_body(**overrides)), 422, field)
    assert all({"field", "code", "message"} == set(e) for e in body["errors"])
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_missing_members_are_each_listed(seller):
    body = assert_problem(seller.post("/cases", {"fields": {}}), 422)
    fields = {e["field"] for e in body["errors"]}
    # language is optional: left out, it is the caller's preferred language.
    assert {"case_type", "site", "subject", "description"} <= fields
    assert "language" not in fields
    assert all(e["code"] == "required" for e in body["errors"])


def test_every_checklist_problem_is_listed_at_once(seller):
    body = assert_problem(
        seller.post("/cases", case_body(case_type="listing-problem", fields={})), 422
    )
    assert [e["field"] for e in body["errors"]] == ["fields.asin"]
    assert body["errors"][0]["code"] == "required"


@pytest.mark.parametrize("raw", [b"{not json", b'{"subject": "x",}', b"\xff\xfe", b"[1, 2"])
def test_malformed_json_is_400_naming_the_body(seller, raw):
    before = Case.objects.count()
    body = assert_problem(seller.post("/cases", raw=raw), 400, "body")
    assert body["errors"][0]["code"] == "malformed_json"
    assert Case.objects.count() == before


@pytest.mark.parametrize("raw", [b"[]", b'"a string"', b"42"])
def test_json_that_is_not_an_object_is_422(seller, raw):
    assert_problem(seller.post("/cases", raw=raw), 422)
    assert Case.objects.count() == 0


def test_empty_message_and_wrong_types_on_messages(seller, make_case):
    number = make_case().number
    assert_problem(seller.post(f"/cases/{number}/messages", {"body": " "}), 422, "body")
    assert_problem(seller.post(f"/cases/{number}/messages", {"body": ["x"]}), 422, "body")
    assert_problem(
        seller.post(f"/cases/{number}/messages", {"body": "x", "internal": "maybe"}),
        422,
        "internal",
    )


def test_list_filters_are_validated(seller):
    assert_problem(seller.get("/cases", {"limit": "0"}), 422, "limit")
    assert_problem(seller.get("/cases", {"limit": "101"}), 422, "limit")
    assert_problem(seller.get("/cases", {"ordering": "subject"}), 422, "ordering")
    assert_problem(seller.get("/cases", {"breached": "perhaps"}), 422, "breached")
    assert_problem(seller.get("/cases", {"cursor": "not-a-cursor"}), 422, "cursor")
    assert_problem(seller.get("/cases", {"q": "a\x00b"}), 422, "q")


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00+05:00",  # no UTC time: the database adapter's OverflowError
        "9999-12-31T23:59:59-05:00",
        "2026-03-01T10:00:00",  # naive: no cursor of ours carries one
    ],
)
@pytest.mark.parametrize("ordering", ["-created_at", "due"])
def test_a_cursor_time_with_no_utc_instant_is_a_422(seller, when, ordering):
    cursor = base64.urlsafe_b64encode(json.dumps([when, 1]).encode()).decode().rstrip("=")
    assert_problem(seller.get("/cases", {"cursor": cursor, "ordering": ordering}), 422, "cursor")


def test_case_numbers_that_cannot_exist(seller):
    assert_problem(seller.get("/cases/abc"), 422, "number")
    assert_problem(seller.get("/cases/99999999999999999999999"), 404)
    assert seller.get("/cases", {"q": "99999999999999999999999"}).json()["items"] == []


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413(seller):
    before = Case.objects.count()
    response = seller.post("/cases", case_body(description="x" * 2000))
    assert_problem(response, 413, "body")
    assert Case.objects.count() == before


def test_an_unexpected_error_is_a_500_problem_without_a_traceback(seller, monkeypatch):
    from sellerdesk.cases import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded at line 42")

    monkeypatch.setattr(selectors, "case_list_for", broken)
    response = seller.get("/cases")
    body = assert_problem(response, 500)
    assert "exploded" not in response.content.decode()
    assert body["title"] == "Internal Server Error"


@pytest.mark.parametrize(
    ("method", "path"), [("delete", "/cases"), ("put", "/kb/search"), ("patch", "/me")]
)
def test_a_method_the_path_does_not_serve_is_a_405_problem_naming_what_is_allowed(
    seller, method, path
):
    response = seller._call(method, path)
    body = assert_problem(response, 405)
    assert method.upper() in body["detail"]
    assert "GET" in response["Allow"]
    assert "GET" in body["detail"]


@pytest.mark.parametrize("attachment", [2**63, -(2**63) - 1, 0])
def test_attachment_ids_no_row_can_have_are_422_not_500(seller, attachment):
    # Found by fuzzing from outside: past 2**63 the database adapter overflowed (a 500).
    body = assert_problem(seller.post("/cases", case_body(attachments=[attachment])), 422)
    assert body["errors"][0]["field"].startswith("attachments")
    assert Case.objects.count() == 0


def test_a_seller_cannot_probe_staff_emails_or_team_codes(seller, make_case, agent_ss):
    # Permission first: 403 for a real and an unknown address alike, so a seller cannot tell
    # which staff accounts or teams exist.
    number = make_case().number
    for assignee in ("nobody@x.example", "agent.ss@desk.example"):
        assert_problem(seller.post(f"/cases/{number}/assign", {"assignee": assignee}), 403)
    for team in ("no-such-team", "fba"):
        body = {"team": team, "reason": "probing"}
        assert_problem(seller.post(f"/cases/{number}/move", body), 403)
