"""Helpers for the API tests: bearer tokens for the personas and a JSON client."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sellerdesk.accounts import services as accounts

API = "/api/v1"
PROBLEM = "application/problem+json"


def token_for(user) -> str:
    _, raw = accounts.token_create(actor=None, user=user, name="t")
    return raw


class ApiClient:
    """A Django test client that speaks JSON with a bearer token."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method)(API + path, **kwargs)

    def get(self, path: str, params: dict | None = None, headers=None):
        return self.client.get(
            API + path, params or {}, headers={**self.headers, **(headers or {})}
        )

    def post(self, path: str, body=None, headers=None, raw: bytes | None = None):
        return self._call("post", path, body, headers, raw)

    def put(self, path: str, body=None, headers=None, raw: bytes | None = None):
        return self._call("put", path, body, headers, raw)


@pytest.fixture
def as_user():
    def _make(user) -> ApiClient:
        return ApiClient(token_for(user))

    return _make


def case_body(**overrides) -> dict:
    body = {
        "case_type": "order-fulfilment",
        "site": "US",
        "subject": "买家说没收到货 Buyer says not received",
        "description": "订单显示已发货但买家未收到。",
        "language": "zh-Hans",
        "fields": {"order_id": "113-1234567-1234567"},
    }
    body.update(overrides)
    return body


def assert_problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(body)
    if field is not None:
        fields = [e["field"] for e in body["errors"]]
        assert field in fields, body
    return body
