"""Sellers see only their own cases, agents only their teams': anything else is a 404."""

from __future__ import annotations

import pytest

from .conftest import assert_problem


@pytest.fixture
def case_number(make_case) -> int:
    return make_case().number


def test_other_seller_gets_404_everywhere(as_user, seller2_owner, case_number):
    other = as_user(seller2_owner)
    assert_problem(other.get(f"/cases/{case_number}"), 404)
    assert_problem(other.post(f"/cases/{case_number}/messages", {"body": "hi"}), 404)
    assert_problem(other.post(f"/cases/{case_number}/reopen", {}), 404)
    assert other.get("/cases").json()["items"] == []
    assert other.get("/cases", {"q": str(case_number)}).json()["items"] == []


def test_agent_of_another_team_gets_404(as_user, agent_ah, case_number):
    agent = as_user(agent_ah)
    assert_problem(agent.get(f"/cases/{case_number}"), 404)
    assert_problem(agent.post(f"/cases/{case_number}/take"), 404)
    assert_problem(agent.post(f"/cases/{case_number}/resolve", {}), 404)
    assert agent.get("/cases").json()["items"] == []
    assert agent.get("/cases", {"team": "seller-support"}).json()["items"] == []


def test_operator_and_owning_team_see_the_case(as_user, operator, agent_ss, case_number):
    for user in (operator, agent_ss):
        client = as_user(user)
        assert client.get(f"/cases/{case_number}").status_code == 200
        assert [c["number"] for c in client.get("/cases").json()["items"]] == [case_number]


def test_internal_notes_never_reach_the_seller(as_user, seller_owner, agent_ss, case_number):
    agent = as_user(agent_ss)
    agent.post(f"/cases/{case_number}/messages", {"body": "SECRET-NOTE", "internal": True})
    agent.post(f"/cases/{case_number}/messages", {"body": "Public reply"})
    seller_view = as_user(seller_owner).get(f"/cases/{case_number}")
    assert seller_view.status_code == 200
    assert "SECRET-NOTE" not in seller_view.content.decode()
    case = seller_view.json()
    assert [m["body"] for m in case["messages"]] == ["Public reply"]
    assert all(e["action"] != "case.note_added" for e in case["events"])
    agent_view = agent.get(f"/cases/{case_number}").json()
    assert "SECRET-NOTE" in [m["body"] for m in agent_view["messages"]]


def test_seller_organisation_visibility(as_user, seller_owner, seller2_owner, agent_ah, operator):
    own = as_user(seller_owner).get("/sellers/A1SELLER")
    assert own.status_code == 200
    assert own.json() == {
        "code": "A1SELLER",
        "name": "深圳星辰贸易",
        "home_country": "CN",
        "sites": ["JP", "US"],
        "tier": "standard",
        "status": "normal",
        "restrictions": [],
    }
    assert_problem(as_user(seller2_owner).get("/sellers/A1SELLER"), 404)
    assert_problem(as_user(seller_owner).get("/sellers/NOSUCHSELLER"), 404)
    assert as_user(agent_ah).get("/sellers/a1seller").status_code == 200
    assert as_user(operator).get("/sellers/A1SELLER").status_code == 200


def test_opening_a_case_for_another_seller_is_404(as_user, seller_owner, seller_b):
    from sellerdesk.cases.models import Case

    from .conftest import case_body

    response = as_user(seller_owner).post("/cases", case_body(seller_code="B2SELLER"))
    assert_problem(response, 404)
    assert Case.objects.count() == 0
