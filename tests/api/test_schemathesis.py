"""Property-based checks of every operation against the published OpenAPI document: whatever
schemathesis sends, the API never answers 5xx and every answer matches the document (status
codes, content types, bodies)."""

from __future__ import annotations

import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sellerdesk.api import api

from .conftest import API, token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded at collection from the API object itself (the same document /openapi.json serves):
# schemathesis' fixture-based loader does not run under pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=f"{API}/"))
schema.app = get_wsgi_application()
# Probing each path with methods it does not have only meets Django's 405s; skipping it keeps
# the run short enough for every commit.
schema.config.phases.coverage.unexpected_methods = set()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # schemathesis calls the real WSGI app, whose request signals would close the test's
    # database connection (and its transaction); Django's own test client disconnects them too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(case, token: str, number: int) -> None:
    # Half the generated case numbers become a real one the caller can see, so the actions
    # also run against a live case instead of only meeting 404s.
    if "number" in (case.path_parameters or {}) and zlib.crc32(repr(case.body).encode()) % 2:
        case.path_parameters["number"] = number
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


# Fixtures run once per operation, not per generated example: the token and the case are made
# once and the examples share them (and whatever earlier examples did to the case).
@pytest.fixture
def seller_call(seller_owner, make_case):
    return token_for(seller_owner), make_case().number


@pytest.fixture
def agent_call(agent_ss, make_case):
    return token_for(agent_ss), make_case().number


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_a_seller(case, seller_call):
    _call(case, *seller_call)


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_an_agent(case, agent_call):
    _call(case, *agent_call)


@pytest.fixture
def operator_call(operator, make_case):
    return token_for(operator), make_case().number


@pytest.fixture
def lead_call(lead_ss, make_case):
    return token_for(lead_ss), make_case().number


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_an_operator(case, operator_call):
    _call(case, *operator_call)


@schema.include(path_regex="/reports/").parametrize()
@FUZZ
def test_reports_conform_to_their_schema_for_a_lead(case, lead_call):
    _call(case, *lead_call)
