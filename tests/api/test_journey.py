"""A case from opening to reopening, driven only through the API with bearer tokens."""

from __future__ import annotations

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case

from .conftest import assert_problem, case_body


def _status(client, number: int) -> str:
    return client.get(f"/cases/{number}").json()["status"]


def test_case_journey(as_user, seller_owner, agent_ss):
    seller, agent = as_user(seller_owner), as_user(agent_ss)

    created = seller.post("/cases", case_body())
    assert created.status_code == 201, created.content
    case = created.json()
    number = case["number"]
    assert case["team"] == "seller-support"
    assert case["status"] == "new"
    assert case["seller_code"] == "A1SELLER"
    assert case["language"] == "zh-hans"
    assert case["sla"]["first_response"]["state"] == "on_track"
    assert case["first_response_due_at"].endswith("Z") or "+" in case["first_response_due_at"]

    queue = agent.get("/cases", {"team": "seller-support", "status": "new,open"}).json()
    assert [c["number"] for c in queue["items"]] == [number]
    assert "messages" not in queue["items"][0]

    taken = agent.post(f"/cases/{number}/take")
    assert taken.status_code == 200, taken.content
    assert taken.json()["status"] == "open"
    assert taken.json()["assignee"]["email"] == agent_ss.email

    asked = agent.post(
        f"/cases/{number}/messages", {"body": "请提供物流单号。", "request_info": True}
    )
    assert asked.status_code == 201, asked.content
    assert asked.json()["kind"] == "request_info"
    assert _status(seller, number) == "awaiting_seller"

    replied = seller.post(f"/cases/{number}/messages", {"body": "Tracking: 1Z999"})
    assert replied.status_code == 201
    assert replied.json()["author_kind"] == "seller"
    assert _status(agent, number) == "open"

    note = agent.post(
        f"/cases/{number}/messages", {"body": "Carrier scan looks fake.", "internal": True}
    )
    assert note.status_code == 201
    assert note.json()["internal"] is True

    assert agent.post(f"/cases/{number}/messages", {"body": "Checking with the carrier."})
    resolved = agent.post(f"/cases/{number}/resolve", {"body": "Refund issued."})
    assert resolved.status_code == 200, resolved.content
    body = resolved.json()
    assert body["status"] == "resolved"
    assert body["sla"]["first_response"]["state"] == "met"
    assert body["sla"]["resolution"]["met_at"] == body["resolved_at"]

    reopened = seller.post(f"/cases/{number}/reopen", {"reason": "Buyer still waiting."})
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["status"] == "open"
    assert reopened.json()["resolved_at"] is None

    # Every state change left an audit event, in order.
    actions = list(AuditEvent.objects.filter(case__number=number).values_list("action", flat=True))
    assert actions == [
        "case.created",
        "case.assigned",
        "case.request_info_added",
        "case.reply_added",
        "case.note_added",
        "case.reply_added",
        "case.resolved",
        "case.reopened",
    ]

    # The seller's view: no internal note, no internal event, no staff email address.
    seller_view = seller.get(f"/cases/{number}")
    text = seller_view.content.decode()
    seller_case = seller_view.json()
    assert "Carrier scan looks fake" not in text
    assert all(not m["internal"] for m in seller_case["messages"])
    assert "case.note_added" not in [e["action"] for e in seller_case["events"]]
    assert agent_ss.email not in text
    assert seller_case["assignee"] == {"name": "Support", "email": None}
    staff_actors = {e["actor"] for e in seller_case["events"] if e["action"] == "case.resolved"}
    assert staff_actors == {"Support"}

    # The agent's view has everything.
    agent_case = agent.get(f"/cases/{number}").json()
    assert "Carrier scan looks fake." in [m["body"] for m in agent_case["messages"]]
    assert len(agent_case["events"]) == 8
    assert Case.objects.count() == 1


def test_seller_cannot_write_internal_notes(as_user, seller_owner, make_case):
    number = make_case().number
    response = as_user(seller_owner).post(
        f"/cases/{number}/messages", {"body": "psst", "internal": True}
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_sellers_cannot_take_assign_or_resolve(as_user, seller_owner, make_case):
    number = make_case().number
    seller = as_user(seller_owner)
    assert seller.post(f"/cases/{number}/take").status_code == 403
    assert seller.post(f"/cases/{number}/resolve", {}).status_code == 403
    assert seller.post(f"/cases/{number}/assign", {"assignee": None}).status_code == 403


def test_assign_to_a_team_member_and_unassign(as_user, lead_ss, agent_ss, agent_ah, make_case):
    number = make_case().number
    lead = as_user(lead_ss)
    assigned = lead.post(f"/cases/{number}/assign", {"assignee": agent_ss.email.upper()})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assignee"]["email"] == agent_ss.email
    outsider = lead.post(f"/cases/{number}/assign", {"assignee": agent_ah.email})
    assert outsider.status_code == 422
    assert outsider.json()["errors"][0]["field"] == "assignee"
    unknown = lead.post(f"/cases/{number}/assign", {"assignee": "nobody@x.example"})
    assert unknown.status_code == 422
    cleared = lead.post(f"/cases/{number}/assign", {"assignee": None})
    assert cleared.json()["assignee"] is None


def test_resolving_twice_is_a_conflict(as_user, agent_ss, make_case):
    number = make_case().number
    agent = as_user(agent_ss)
    assert agent.post(f"/cases/{number}/resolve").status_code == 200
    second = agent.post(f"/cases/{number}/resolve")
    assert second.status_code == 409
    assert second["Content-Type"].startswith("application/problem+json")


def test_operator_opens_a_case_naming_the_seller(as_user, operator, seller_a):
    client = as_user(operator)
    missing = client.post("/cases", case_body())
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "seller_code"
    created = client.post("/cases", case_body(seller_code="a1seller"))
    assert created.status_code == 201, created.content
    assert created.json()["seller_code"] == "A1SELLER"


def test_agents_cannot_open_cases(as_user, agent_ss, seller_a):
    response = as_user(agent_ss).post("/cases", case_body(seller_code="A1SELLER"))
    assert response.status_code == 403


def test_member_of_two_sellers_must_say_which(as_user, seller_owner, seller_b):
    from sellerdesk.accounts import services as accounts

    accounts.seller_member_add(actor=None, seller=seller_b, user=seller_owner, role="operations")
    client = as_user(seller_owner)
    missing = client.post("/cases", case_body())
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "seller_code"
    created = client.post("/cases", case_body(seller_code="B2SELLER"))
    assert created.status_code == 201, created.content
    assert created.json()["seller_code"] == "B2SELLER"


def test_escalation_waits_for_the_first_response_to_be_overdue(
    as_user, seller_owner, agent_ss, make_case
):
    from datetime import timedelta

    from django.utils import timezone

    seller = as_user(seller_owner)
    fresh = make_case().number
    early = seller.post(f"/cases/{fresh}/escalate", {"reason": "urgent"})
    body = early.json()
    assert early.status_code == 409, body
    assert early["Content-Type"].startswith("application/problem+json")
    assert body["escalation_possible_at"]

    old = make_case(now=timezone.now() - timedelta(days=4)).number
    assert_problem(as_user(agent_ss).post(f"/cases/{old}/escalate"), 403)
    escalated = seller.post(f"/cases/{old}/escalate", {"reason": "Buyer is angry"})
    assert escalated.status_code == 200, escalated.content
    assert escalated.json()["escalated_at"] is not None
    assert escalated.json()["sla"]["first_response"]["state"] == "breached"
    assert AuditEvent.objects.filter(case__number=old, action="case.escalated").count() == 1
    assert_problem(seller.post(f"/cases/{old}/escalate"), 409)
