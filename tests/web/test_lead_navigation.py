"""The navigation's "Escalated" link to the lead's queue: team leads and operators see it with
the number of open escalated cases in their queue; agents and sellers do not."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sellerdesk.cases import services as cases
from sellerdesk.cases.escalation import case_escalate
from sellerdesk.cases.selectors import escalated_open_count_for

LINK = re.compile(r'<a href="/console/\?escalated=yes"[^>]*>(.*?)</a>', re.S)


def _badge(html: str) -> str | None:
    """The link's count ("" when the link has no count), None when there is no link."""
    match = LINK.search(html)
    if match is None:
        return None
    count = re.search(r'<span class="badge escalated"[^>]*>(\d+)</span>', match.group(1))
    return count.group(1) if count else ""


@pytest.fixture
def escalated(make_case, seller_owner, lead_ss):
    """Two escalated cases of seller support (one then resolved) and one of account health."""
    later = timezone.now() + timedelta(days=10)
    ss_open = make_case(subject="SS escalated open")
    ss_resolved = make_case(subject="SS escalated resolved")
    ah_open = make_case(subject="AH escalated", case_type="account-deactivation", fields={})
    for case in (ss_open, ss_resolved, ah_open):
        case_escalate(actor=seller_owner, case=case, reason="no answer", now=later)
    make_case(subject="SS not escalated")
    ss_resolved.refresh_from_db()
    cases.case_resolve(actor=lead_ss, case=ss_resolved, body="Fixed.", now=later)
    return ss_open, ah_open


def test_a_lead_sees_the_link_with_the_open_escalated_cases_of_their_teams(
    as_user, lead_ss, escalated
):
    html = as_user(lead_ss).get("/console/").content.decode()
    assert _badge(html) == "1"  # resolved and other teams' cases do not count
    assert escalated_open_count_for(lead_ss) == 1


def test_an_operator_counts_every_team(as_user, operator, escalated):
    assert _badge(as_user(operator).get("/console/").content.decode()) == "2"


def test_agents_and_sellers_have_no_link(as_user, agent_ss, seller_owner, escalated):
    assert _badge(as_user(agent_ss).get("/console/").content.decode()) is None
    assert escalated_open_count_for(agent_ss) is None
    assert _badge(as_user(seller_owner).get("/my-cases").content.decode()) is None
    assert escalated_open_count_for(seller_owner) is None


def test_a_lead_with_nothing_escalated_sees_the_link_without_a_count(as_user, lead_ss):
    html = as_user(lead_ss).get("/console/").content.decode()
    assert _badge(html) == ""


def test_the_link_opens_the_escalated_queue_and_is_marked_current(as_user, lead_ss, escalated):
    ss_open, ah_open = escalated
    html = as_user(lead_ss).get("/console/?escalated=yes").content.decode()
    assert 'class="nav-escalated" aria-current="page"' in html
    numbers = {int(n) for n in re.findall(r'href="/console/cases/(\d+)"', html)}
    assert numbers == {ss_open.number}


def test_the_count_is_two_statements_at_most(lead_ss, operator, escalated):
    with CaptureQueriesContext(connection) as lead_queries:
        escalated_open_count_for(lead_ss)
    with CaptureQueriesContext(connection) as operator_queries:
        escalated_open_count_for(operator)
    assert len(lead_queries) == 2 and len(operator_queries) == 1
