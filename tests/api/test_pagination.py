"""Cursor pagination walks every visible case exactly once, in a constant number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sellerdesk.cases import creation, services


@pytest.fixture
def many_cases(make_case, seller2_owner, seller_b, agent_ss):
    """Cases with varied, partly equal deadlines and creation times, some resolved (no
    deadline), plus another seller's cases that must never show up."""
    start = timezone.now() - timedelta(days=3)
    numbers = []
    for i in range(17):
        # Pairs share a creation time, so ties on the ordering key are exercised.
        case = make_case(
            now=start + timedelta(hours=i // 2),
            case_type="payments" if i % 3 else "order-fulfilment",
            fields={} if i % 3 else {"order_id": "113-1234567-1234567"},
        )
        numbers.append(case.number)
        if i % 4 == 0:
            services.case_resolve(actor=agent_ss, case=case, body="done")
    for _ in range(3):
        creation.case_create(
            actor=seller2_owner,
            seller=seller_b,
            site="DE",
            case_type="payments",
            subject="other seller",
            description="x",
            language="en",
            fields={"iban": "DE89370400440532013000"},
            allow_duplicate=True,
        )
    return numbers


def _walk(client, **params) -> list[dict]:
    items, cursor = [], None
    for _ in range(50):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/cases", query)
        assert response.status_code == 200, response.content
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


def _soonest_due(case: dict) -> datetime | None:
    if case["status"] in ("resolved", "closed"):
        return None
    running = [
        case["next_response_due_at"],
        case["resolution_due_at"],
        None if case["first_response_at"] else case["first_response_due_at"],
    ]
    return min((datetime.fromisoformat(d) for d in running if d), default=None)


@pytest.mark.parametrize("ordering", ["due", "-created_at", "created_at", "-updated_at"])
@pytest.mark.parametrize("limit", [1, 4, 100])
def test_walking_all_pages_yields_each_case_once(
    as_user, seller_owner, many_cases, ordering, limit
):
    seen = [c["number"] for c in _walk(as_user(seller_owner), ordering=ordering, limit=limit)]
    assert sorted(seen) == sorted(many_cases)
    assert len(seen) == len(set(seen))


def test_due_ordering_is_soonest_first_with_no_deadline_last(as_user, agent_ss, many_cases):
    dues = [_soonest_due(c) for c in _walk(as_user(agent_ss), ordering="due", limit=5)]
    running = [d for d in dues if d]
    assert running == sorted(running)
    assert dues[len(running) :] == [None] * (len(dues) - len(running))


def test_filters(as_user, agent_ss, many_cases):
    client = as_user(agent_ss)
    resolved = client.get("/cases", {"status": "resolved", "limit": 100}).json()["items"]
    assert resolved and all(c["status"] == "resolved" for c in resolved)
    both = client.get("/cases", [("status", "resolved"), ("status", "new")])
    assert both.status_code == 200
    assert len(both.json()["items"]) == len(many_cases) + 3  # the other seller's three
    typed = client.get("/cases", {"case_type": "order-fulfilment", "limit": 100}).json()["items"]
    assert {c["case_type"] for c in typed} == {"order-fulfilment"}
    assert client.get("/cases", {"team": "fba"}).json()["items"] == []
    assert client.get("/cases", {"site": "us", "limit": 100}).json()["items"]
    assert client.get("/cases", {"tier": "premium"}).json()["items"] == []
    breached = client.get("/cases", {"breached": "true", "limit": 100}).json()["items"]
    on_time = client.get("/cases", {"breached": "false", "limit": 100}).json()["items"]
    assert breached and on_time
    assert all(any(t["state"] == "breached" for t in c["sla"].values()) for c in breached)
    assert len(breached) + len(on_time) == len(many_cases) + 3
    assert client.get("/cases", {"assignee": "me"}).json()["items"] == []
    by_number = client.get("/cases", {"q": str(many_cases[0])}).json()["items"]
    assert [c["number"] for c in by_number] == [many_cases[0]]


def test_list_is_a_constant_number_of_queries(as_user, agent_ss, many_cases):
    client = as_user(agent_ss)
    client.get("/cases", {"limit": 1})  # warm up: token last-used touch, etc.
    with CaptureQueriesContext(connection) as small:
        client.get("/cases", {"limit": 2})
    with CaptureQueriesContext(connection) as large:
        client.get("/cases", {"limit": 100})
    assert len(large) == len(small)
    # Token, the caller's teams, the page, and at most one read per related table.
    assert len(large) <= 10
