"""Inputs found by fuzzing the appeals API (schemathesis against /api/v1/openapi.json): each a
class of input that was a 500, was taken although the OpenAPI document refuses it, was refused
although the document allows it, or named its error by pydantic's internals."""

from __future__ import annotations

import base64
import json

import pytest

from tests.api.conftest import assert_problem


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
