"""Onboarding sellers, the caller's own account, and the case type catalogue."""

from __future__ import annotations

from sellerdesk.accounts.models import Seller
from sellerdesk.audit.models import AuditEvent

from .conftest import assert_problem

NEW_SELLER = {
    "code": "C3SELLER",
    "name": "Ningbo Harbour Goods",
    "home_country": "CN",
    "sites": ["US", "uk"],
    "tier": "premium",
}


def test_operator_onboards_a_seller(as_user, operator):
    response = as_user(operator).post("/sellers", NEW_SELLER)
    assert response.status_code == 201, response.content
    assert response.json()["sites"] == ["UK", "US"]
    assert response.json()["tier"] == "premium"
    assert AuditEvent.objects.filter(action="seller.created", actor=operator).count() == 1


def test_duplicate_seller_code_is_a_conflict(as_user, operator, seller_a):
    before = Seller.objects.count()
    response = as_user(operator).post("/sellers", {**NEW_SELLER, "code": "a1seller"})
    body = assert_problem(response, 409)
    assert body["code"] == "A1SELLER"
    assert Seller.objects.count() == before


def test_only_operators_onboard_sellers(as_user, seller_owner, agent_ss):
    for user in (seller_owner, agent_ss):
        assert_problem(as_user(user).post("/sellers", NEW_SELLER), 403)
    assert not Seller.objects.filter(code="C3SELLER").exists()


def test_invalid_seller_names_each_field(as_user, operator):
    response = as_user(operator).post(
        "/sellers", {**NEW_SELLER, "code": "x", "sites": ["ZZ"], "tier": "gold"}
    )
    body = assert_problem(response, 422)
    assert {e["field"] for e in body["errors"]} == {"code", "sites", "tier"}
    too_long = as_user(operator).post("/sellers", {**NEW_SELLER, "name": "n" * 201})
    assert_problem(too_long, 422, "name")


def test_me(as_user, seller_owner, lead_ss):
    me = as_user(seller_owner).get("/me").json()
    assert me == {
        "email": "owner@a.example",
        "full_name": "",
        "kind": "seller",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
        "sellers": [{"code": "A1SELLER", "role": "owner"}],
        "teams": [],
    }
    lead = as_user(lead_ss).get("/me").json()
    assert lead["kind"] == "agent"
    assert lead["teams"] == [{"code": "seller-support", "role": "lead"}]


def test_case_types(as_user, seller_owner):
    types = {t["code"]: t for t in as_user(seller_owner).get("/case-types").json()}
    order = types["order-fulfilment"]
    assert order["name"] == {"en": "Order fulfilment", "zh": "订单配送"}
    assert order["team"]["code"] == "seller-support"
    first = order["checklist"][0]
    assert first["field"] == "order_id"
    assert first["required"] is True
    assert first["format"] == "123-1234567-1234567"
    assert all(not item["required"] for item in order["checklist"][1:])
    assert order["sla"]["standard"] == {
        "first_response_hours": 72,
        "next_response_hours": 24,
        "resolution_hours": 120,
    }
    # The seeded premium policies halve the standard targets.
    assert order["sla"]["premium"] == {
        "first_response_hours": 36,
        "next_response_hours": 12,
        "resolution_hours": 60,
    }
    assert types["account-deactivation"]["sla"]["standard"]["first_response_hours"] == 24
