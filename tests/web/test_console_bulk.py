"""Bulk actions on the console queue: each case through its own service call, refusals
reported per case without undoing the others."""

from django.contrib.messages import get_messages

from sellerdesk.cases import routing
from sellerdesk.cases.models import Case


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_queue_has_checkboxes_and_the_bulk_bar(as_user, agent_ss, make_case):
    case = make_case()
    html = as_user(agent_ss).get("/console/").content.decode()
    assert 'id="bulk-form"' in html and 'id="bulk-all"' in html
    assert f'name="case" value="{case.number}" form="bulk-form"' in html
    assert "sellerdesk/console.js" in html


def test_bulk_assign_five_cases(as_user, agent_ss, lead_ss, make_case):
    cases = [make_case(subject=f"case {i}") for i in range(5)]
    response = as_user(lead_ss).post(
        "/console/bulk",
        {
            "action": "assign",
            "assignee": agent_ss.pk,
            "case": [c.number for c in cases],
            "next": "/console/?assignee=none",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/console/?assignee=none"
    assert Case.objects.filter(assignee=agent_ss).count() == 5
    for case in cases:
        assert case.events.filter(action="case.assigned", actor=lead_ss).count() == 1
    assert any("5" in text for text in _messages(response))


def test_one_refusal_does_not_undo_the_others(agent_ss, make_case):
    ok, resolved = make_case(subject="ok"), make_case(subject="resolved already")
    routing.services.case_resolve(actor=agent_ss, case=resolved)
    outcome = routing.cases_bulk(
        actor=agent_ss,
        numbers=[ok.number, resolved.number, 99999999],
        action="resolve",
        close_reason="invalid",
    )
    assert outcome.done == [ok.number]
    assert [n for n, _ in outcome.refused] == [resolved.number, 99999999]
    ok.refresh_from_db()
    assert ok.status == "resolved" and ok.close_reason == "invalid"


def test_bulk_take_move_and_refusal_messages(as_user, agent_ss, agent_ah, make_case):
    mine = make_case(subject="mine")
    theirs = make_case(subject="ah", case_type="account-deactivation", fields={})
    client = as_user(agent_ss)
    response = client.post(
        "/console/bulk", {"action": "take", "case": [mine.number, theirs.number]}
    )
    mine.refresh_from_db()
    assert mine.assignee == agent_ss and mine.status == "open"
    texts = _messages(response)
    assert any(f"#{theirs.number}" in t for t in texts)  # not visible: refused, named
    response = client.post(
        "/console/bulk", {"action": "move", "team": "fba", "reason": "", "case": [mine.number]}
    )
    mine.refresh_from_db()
    assert mine.team.code == "fba" and mine.assignee is None
    assert mine.events.get(action="case.moved").after["reason"]


def test_bulk_refuses_bad_input_naming_the_field(as_user, agent_ss, make_case):
    case = make_case()
    client = as_user(agent_ss)
    cases_assign = routing.services.case_assign
    cases_assign(actor=agent_ss, case=case, assignee=agent_ss)
    # No agent chosen is not "unassign": nothing changes.
    client.post("/console/bulk", {"action": "assign", "assignee": "", "case": [case.number]})
    assert Case.objects.get(pk=case.pk).assignee == agent_ss
    client.post("/console/bulk", {"action": "assign", "assignee": "none", "case": [case.number]})
    assert Case.objects.get(pk=case.pk).assignee is None
    response = client.post("/console/bulk", {"action": "explode", "case": [case.number]})
    assert response.status_code == 302
    response = client.post("/console/bulk", {"action": "move", "team": "", "case": [case.number]})
    assert Case.objects.get(pk=case.pk).team.code == "seller-support"
    assert _messages(response)
