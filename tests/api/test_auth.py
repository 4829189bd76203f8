"""Every API route needs a caller: a bearer token, or a signed-in browser session."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sellerdesk.accounts import services as accounts
from sellerdesk.api import api

from .conftest import API, ApiClient, assert_problem, token_for

ANY_NUMBER = "10000001"


def _routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix=API + "/")
    return [
        (method.upper(), re.sub(r"{[^}]+}", ANY_NUMBER, path))
        for path, operations in schema["paths"].items()
        for method in operations
    ]


def test_the_walk_covers_every_route():
    routes = _routes()
    assert len(routes) >= 12
    assert ("POST", f"{API}/cases/{ANY_NUMBER}/messages") in routes


@pytest.mark.parametrize(("method", "path"), _routes())
@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer sd_not-a-token", "Basic eDp5"])
def test_every_route_is_401_without_a_valid_token(db, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    client = Client()
    if method == "GET":
        response = client.get(path, headers=headers)
    else:
        response = client.generic(method, path, b"{}", "application/json", headers=headers)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(seller_owner):
    token, raw = accounts.token_create(actor=None, user=seller_owner, name="ci")
    client = ApiClient(raw)
    assert client.get("/me").status_code == 200
    accounts.token_revoke(actor=seller_owner, token=token)
    assert_problem(client.get("/me"), 401)


def test_an_inactive_users_token_is_refused(seller_owner):
    client = ApiClient(token_for(seller_owner))
    seller_owner.is_active = False
    seller_owner.save(update_fields=["is_active"])
    assert_problem(client.get("/me"), 401)


def test_session_auth_reads_and_needs_csrf_to_write(seller_owner, make_case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(seller_owner)
    assert client.get(f"{API}/me").json()["email"] == seller_owner.email
    number = make_case().number
    path = f"{API}/cases/{number}/messages"
    refused = client.post(path, {"body": "hi"}, content_type="application/json")
    assert_problem(refused, 403)
    client.get(f"{API}/docs")  # sets the CSRF cookie, as the docs page does for its calls
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        path, {"body": "hi"}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201, accepted.content


def test_bearer_requests_need_no_csrf(seller_owner, make_case):
    number = make_case().number
    client = ApiClient(token_for(seller_owner))
    client.client = Client(enforce_csrf_checks=True)
    assert client.post(f"/cases/{number}/messages", {"body": "hi"}).status_code == 201


def test_docs_page_uses_local_swagger_files(db, settings):
    settings.DEBUG = False
    page = Client().get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        asset = Client().get(source)
        assert asset.status_code == 200, source
        b"".join(asset.streaming_content if asset.streaming else [asset.content])


def test_openapi_document_is_public_and_complete(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "sellerdesk"
    assert schema["info"]["version"] == "1"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            assert operation.get("description"), where
            assert operation.get("security"), where
            assert "401" in operation["responses"], where
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], where
