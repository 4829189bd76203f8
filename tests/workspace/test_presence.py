"""The collision warning: another agent has the case open, or is typing a reply."""

from datetime import timedelta

from django.utils import timezone

from sellerdesk.workspace import presence
from tests.conftest import _agent


def test_others_on_the_case_within_the_window(make_case, agent_ss, lead_ss):
    case = make_case()
    now = timezone.now()
    presence.presence_touch(user=agent_ss, case=case, typing=False, now=now)
    presence.presence_touch(user=lead_ss, case=case, typing=True, now=now)
    others = presence.others_present(user=agent_ss, case=case, now=now)
    assert [(o["user"], o["typing"]) for o in others] == [(lead_ss, True)]
    later = now + timedelta(seconds=presence.WINDOW_SECONDS + 1)
    assert presence.others_present(user=agent_ss, case=case, now=later) == []
    # Still there, no longer typing.
    presence.presence_touch(user=lead_ss, case=case, typing=False, now=later)
    others = presence.others_present(user=agent_ss, case=case, now=later)
    assert [(o["user"], o["typing"]) for o in others] == [(lead_ss, False)]


def test_the_poll_warns_the_second_agent(as_user, make_case, agent_ss):
    other = _agent("other.ss@desk.example", "seller-support")
    other.full_name = "Olga Other"
    other.save()
    case = make_case()
    page = as_user(agent_ss).get(f"/console/cases/{case.number}").content.decode()
    assert f'hx-post="/console/cases/{case.number}/presence"' in page
    first = as_user(other).post(f"/console/cases/{case.number}/presence", {"typing": "1"})
    assert first.status_code == 200 and "presence-warning" not in first.content.decode()
    html = as_user(agent_ss).post(f"/console/cases/{case.number}/presence").content.decode()
    assert "Olga Other" in html and "typing" in html


def test_the_poll_is_404_for_a_case_the_agent_may_not_see(as_user, make_case, agent_ah):
    case = make_case()
    assert as_user(agent_ah).post(f"/console/cases/{case.number}/presence").status_code == 404
    assert as_user(agent_ah).get(f"/console/cases/{case.number}/presence").status_code == 405
