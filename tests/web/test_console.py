import re

import pytest

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case, Message


@pytest.fixture
def ss_case(make_case):
    return make_case(subject="SS-CASE order not received")


@pytest.fixture
def ah_case(make_case):
    return make_case(
        subject="AH-CASE account deactivated", case_type="account-deactivation", fields={}
    )


def _numbers(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/console/cases/(\d+)"', html)}


def test_agent_sees_only_their_teams_queue(as_user, agent_ss, agent_ah, ss_case, ah_case):
    ss_html = as_user(agent_ss).get("/console/").content.decode()
    assert _numbers(ss_html) == {ss_case.number}
    ah_html = as_user(agent_ah).get("/console/").content.decode()
    assert _numbers(ah_html) == {ah_case.number}
    assert "SS-CASE" not in ah_html


def test_agent_of_another_team_gets_404_for_the_case(as_user, agent_ah, ss_case):
    client = as_user(agent_ah)
    assert client.get(f"/console/cases/{ss_case.number}").status_code == 404
    response = client.post(f"/console/cases/{ss_case.number}/message", {"body": "x"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_operator_sees_every_team_and_the_admin_link(as_user, operator, ss_case, ah_case):
    html = as_user(operator).get("/console/").content.decode()
    assert _numbers(html) == {ss_case.number, ah_case.number}
    assert 'href="/admin/"' in html


def test_agents_have_no_admin_link(as_user, agent_ss, ss_case):
    assert 'href="/admin/"' not in as_user(agent_ss).get("/console/").content.decode()


def test_queue_columns(as_user, agent_ss, ss_case):
    html = as_user(agent_ss).get("/console/").content.decode()
    for text in ("SS-CASE", "深圳星辰贸易", "A1SELLER", "US", "Order fulfilment", "New"):
        assert text in html
    assert "Unassigned" in html and "Standard" in html
    assert re.search(r"in \d+\xa0days", html)  # due: relative …
    assert 'datetime="' in html  # … and absolute


def test_queue_default_hides_resolved_and_filters_narrow(as_user, agent_ss, lead_ss, make_case):
    fresh = make_case(subject="FRESH")
    done = make_case(subject="DONE")
    mine = make_case(subject="MINE")
    cases.case_resolve(actor=agent_ss, case=done)
    cases.case_assign(actor=agent_ss, case=mine, assignee=agent_ss)
    client = as_user(agent_ss)
    assert _numbers(client.get("/console/").content.decode()) == {fresh.number, mine.number}
    resolved = client.get("/console/?filtered=1&status=resolved").content.decode()
    assert _numbers(resolved) == {done.number}
    every = client.get("/console/?filtered=1").content.decode()
    assert _numbers(every) == {fresh.number, done.number, mine.number}
    assert _numbers(client.get("/console/?assignee=me").content.decode()) == {mine.number}
    assert _numbers(client.get("/console/?assignee=none").content.decode()) == {fresh.number}
    assert _numbers(client.get("/console/?q=FRESH").content.decode()) == {fresh.number}
    assert _numbers(client.get(f"/console/?q={mine.number}").content.decode()) == {mine.number}
    assert _numbers(client.get("/console/?site=JP").content.decode()) == set()
    assert _numbers(client.get("/console/?tier=premium").content.decode()) == set()
    by_type = client.get("/console/?case_type=listing-problem").content.decode()
    assert _numbers(by_type) == set()
    assert _numbers(client.get("/console/?team=seller-support").content.decode())


def test_queue_pages_with_a_cursor(as_user, agent_ss, make_case, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "PAGE_SIZE": 2}
    made = [make_case(subject=f"N{i}") for i in range(3)]
    client = as_user(agent_ss)
    first = client.get("/console/?order=newest").content.decode()
    assert _numbers(first) == {made[2].number, made[1].number}
    link = re.search(r'href="\?([^"]*cursor=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(f"/console/?{link}").content.decode()
    assert _numbers(second) == {made[0].number}
    # A made-up cursor falls back to the first page rather than failing.
    assert client.get("/console/?cursor=garbage").status_code == 200


def test_htmx_filter_swaps_only_the_results(as_user, agent_ss, ss_case):
    response = as_user(agent_ss).get(
        "/console/?q=SS-CASE", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-results">')
    assert "<html" not in html
    assert str(ss_case.number) in html


def test_agent_case_page_shows_everything(as_user, agent_ss, seller_owner, ss_case):
    cases.case_message_add(actor=agent_ss, case=ss_case, body="NOTE-TEXT", internal=True)
    html = as_user(agent_ss).get(f"/console/cases/{ss_case.number}").content.decode()
    assert "NOTE-TEXT" in html and "msg-agent kind-note internal" in html
    assert "113-1234567-1234567" in html  # evidence fields
    assert "owner@a.example" in html  # history actor
    assert "opened the case" in html and "added an internal note" in html


def test_agent_actions_each_leave_an_audit_event(as_user, agent_ss, lead_ss, ss_case):
    client = as_user(agent_ss)
    url = f"/console/cases/{ss_case.number}"

    def events():
        return AuditEvent.objects.filter(case=ss_case).count()

    start = events()
    assert client.post(f"{url}/assign", {"assignee": "me"}).status_code == 302
    ss_case.refresh_from_db()
    assert ss_case.assignee == agent_ss and ss_case.status == "open"
    assert events() == start + 1

    assert client.post(f"{url}/message", {"body": "Hello", "kind": "reply"}).status_code == 302
    assert events() == start + 2
    client.post(f"{url}/message", {"body": "Looks like a carrier issue", "kind": "note"})
    assert events() == start + 3
    client.post(f"{url}/message", {"body": "Send the tracking number", "kind": "request_info"})
    assert events() == start + 4
    ss_case.refresh_from_db()
    assert ss_case.status == "awaiting_seller"
    kinds = list(Message.objects.filter(case=ss_case).values_list("kind", "internal"))
    assert kinds == [("reply", False), ("note", True), ("request_info", False)]

    client.post(f"{url}/assign", {"assignee": str(lead_ss.pk)})
    ss_case.refresh_from_db()
    assert ss_case.assignee == lead_ss
    assert events() == start + 5

    response = client.post(f"{url}/resolve", {"body": "Refunded the buyer."}, follow=True)
    assert "The case was resolved." in response.content.decode()
    ss_case.refresh_from_db()
    assert ss_case.status == "resolved"
    assert events() == start + 6
    actions = list(AuditEvent.objects.filter(case=ss_case).values_list("action", flat=True))
    assert actions[-6:] == [
        "case.assigned",
        "case.reply_added",
        "case.note_added",
        "case.request_info_added",
        "case.assigned",
        "case.resolved",
    ]

    assert client.post(f"{url}/reopen").status_code == 302
    ss_case.refresh_from_db()
    assert ss_case.status == "open"
    assert events() == start + 7


def test_agent_actions_answer_htmx_with_the_case_body(as_user, agent_ss, ss_case):
    response = as_user(agent_ss).post(
        f"/console/cases/{ss_case.number}/message",
        {"body": "Via HTMX", "kind": "reply"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="case-body"')
    assert "Via HTMX" in html and "Reply sent to the seller." in html


def test_empty_message_is_an_error_next_to_the_box(as_user, agent_ss, ss_case):
    response = as_user(agent_ss).post(
        f"/console/cases/{ss_case.number}/message", {"body": "", "kind": "note"}
    )
    assert response.status_code == 422
    assert 'id="message-body-error"' in response.content.decode()
    assert not Message.objects.exists()


def test_assigning_outside_the_team_is_refused(as_user, agent_ss, agent_ah, ss_case):
    response = as_user(agent_ss).post(
        f"/console/cases/{ss_case.number}/assign", {"assignee": str(agent_ah.pk)}
    )
    assert response.status_code == 422
    assert 'id="assignee-error"' in response.content.decode()
    ss_case.refresh_from_db()
    assert ss_case.assignee is None


def test_resolving_twice_is_a_message(as_user, agent_ss, ss_case):
    client = as_user(agent_ss)
    client.post(f"/console/cases/{ss_case.number}/resolve")
    response = client.post(f"/console/cases/{ss_case.number}/resolve", follow=True)
    assert response.status_code == 200
    assert "That could not be done" in response.content.decode()
    assert Case.objects.get().status == "resolved"


def test_seller_sees_the_agents_reply(as_user, agent_ss, seller_owner, ss_case):
    as_user(agent_ss).post(
        f"/console/cases/{ss_case.number}/message", {"body": "We are on it", "kind": "reply"}
    )
    html = as_user(seller_owner).get(f"/cases/{ss_case.number}").content.decode()
    assert "We are on it" in html and "处理中" in html
    assert "agent.ss@desk.example" not in html  # sellers see the team, not staff emails


def test_history_shows_readable_changes_in_both_languages(as_user, agent_ss, ss_case):
    from sellerdesk.audit.services import audit_record

    audit_record(
        actor=agent_ss,
        action="case.sensitive_revealed",
        obj=ss_case,
        case=ss_case,
        before={"status": "new", "first_response_due_at": None},
        after={
            "status": "open",
            "fields": ["order_id", "tracking_number"],
            "attachments": [12, 13],
            "strict": True,
        },
    )
    english = as_user(agent_ss).get(f"/console/cases/{ss_case.number}").content.decode()
    history = english[english.index('class="history"') :]
    for raw in ("first_response_due_at", "['", "[12", "order_id", "strict:", "True"):
        assert raw not in history, raw
    assert "First response due" in history and "Attachments" in history
    assert "12, 13" in history and "Yes" in history
    agent_ss.language = "zh-hans"
    agent_ss.save(update_fields=["language"])
    chinese = as_user(agent_ss).get(f"/console/cases/{ss_case.number}").content.decode()
    history = chinese[chinese.index('class="history"') :]
    assert "['" not in history and "first_response_due_at" not in history
    assert "附件" in history and "状态" in history
