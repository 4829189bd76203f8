"""The team lead's live dashboard (``workspace/lead_dashboard.py``, ``views_lead.py``): who may
see it, what it counts (with the queue's SLA badge as the rule for "at risk" and "breached"),
the panel its page polls, a bounded number of queries, and the page in Chinese."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import Team
from sellerdesk.cases import services as cases
from sellerdesk.cases import sla, sweep
from sellerdesk.cases.models import Case
from sellerdesk.workspace import lead_dashboard, presence
from sellerdesk.workspace.lead_dashboard import dashboard_for, lead_teams_for
from tests.conftest import make_user

PAGE, PANEL = reverse("lead-dashboard"), reverse("lead-dashboard-panel")
HOUR = timedelta(hours=1)


def _team(code: str) -> Team:
    return Team.objects.get(code=code)


def _panel(dashboard, code: str):
    return next(panel for panel in dashboard.teams if panel.team.code == code)


def _agent(panel, user):
    return next(agent for agent in panel.agents if agent.user == user)


def _set(case: Case, **columns) -> Case:
    """Put ``case`` in an SLA situation as the sweep would have recorded it."""
    Case.objects.filter(pk=case.pk).update(**columns)
    case.refresh_from_db()
    return case


@pytest.fixture
def board(make_case, lead_ss, agent_ss, agent_ah):
    """Seller Support, at ``now``: six open cases and one resolved.

    - ``fresh``: new, unassigned, on track;
    - ``risky``: open, the agent's, first response warned (at risk);
    - ``late``: open, the agent's, first response past due (breached: the badge counts a
      passed deadline before the sweep records it);
    - ``recorded``: new, unassigned, a breach the sweep recorded (breached);
    - ``waiting``: awaiting the seller, the lead's, warned before it paused (not at risk);
    - ``old``: open, the agent's, opened ten days ago, first response given in time (on track);
    - ``done``: resolved (not counted);
    and one Account Health case the Seller Support lead must not see."""
    now = timezone.now()
    fresh = make_case(subject="fresh")
    risky = make_case(subject="risky")
    late = make_case(subject="late")
    recorded = make_case(subject="recorded")
    waiting = make_case(subject="waiting")
    old = make_case(subject="old")
    done = make_case(subject="done")
    for case in (risky, late, old):
        cases.case_assign(actor=lead_ss, case=case, assignee=agent_ss)
    cases.case_assign(actor=lead_ss, case=waiting, assignee=lead_ss)
    cases.case_message_add(actor=lead_ss, case=waiting, body="Tracking?", request_info=True)
    cases.case_resolve(actor=agent_ss, case=done)
    _set(risky, first_response_due_at=now + HOUR, sla_warned=["first_response"])
    _set(late, first_response_due_at=now - HOUR, due_at=now - HOUR)
    _set(recorded, first_response_breached_at=now - HOUR, sla_warned=["first_response"])
    _set(waiting, sla_warned=["resolution"])
    _set(
        old,
        created_at=now - 10 * 24 * HOUR,
        first_response_at=now - 9 * 24 * HOUR,
        first_response_due_at=now - 8 * 24 * HOUR,
        resolution_due_at=now + 24 * HOUR,
    )
    ah = make_case(subject="account health's", case_type="account-deactivation", fields={})
    return {
        "now": now,
        "fresh": fresh,
        "risky": risky,
        "late": late,
        "recorded": recorded,
        "waiting": waiting,
        "old": old,
        "done": done,
        "ah": ah,
    }


# --- who may see it --------------------------------------------------------------------------


def test_lead_sees_only_the_teams_they_lead(as_user, lead_ss, board):
    response = as_user(lead_ss).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-team="seller-support"' in html
    assert 'data-team="account-health"' not in html
    assert f"#{board['risky'].number}" in html
    assert f"#{board['ah'].number}" not in html


def test_operator_sees_every_active_team(as_user, operator, board):
    html = as_user(operator).get(PAGE).content.decode()
    for team in Team.objects.filter(active=True):
        assert f'data-team="{team.code}"' in html
    assert html.count('class="card lead-team"') == Team.objects.filter(active=True).count()


def test_an_agent_who_leads_no_team_gets_403(as_user, agent_ss):
    assert as_user(agent_ss).get(PAGE).status_code == 403
    assert as_user(agent_ss).get(PANEL).status_code == 403


@pytest.mark.parametrize("url", [PAGE, PANEL])
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login?next=")


@pytest.mark.parametrize("url", [PAGE, PANEL])
def test_a_seller_may_not_see_it(as_user, seller_owner, url):
    assert as_user(seller_owner).get(url).status_code in (403, 404)


def test_a_lead_of_an_inactive_team_only_sees_an_empty_dashboard(as_user, lead_ss):
    Team.objects.filter(code="seller-support").update(active=False)
    html = as_user(lead_ss).get(PAGE).content.decode()
    assert "You lead no active team." in html


def test_lead_of_two_teams_sees_both(as_user, lead_ss, board):
    accounts.team_member_add(actor=None, team=_team("account-health"), user=lead_ss, role="lead")
    assert [t.code for t in lead_teams_for(lead_ss)] == ["account-health", "seller-support"]
    html = as_user(lead_ss).get(PAGE).content.decode()
    assert 'data-team="account-health"' in html
    panel = _panel(dashboard_for(lead_teams_for(lead_ss)), "account-health")
    assert panel.by_status["new"] == 1


def test_navigation_links_the_dashboard_for_leads_and_operators_only(
    as_user, lead_ss, operator, agent_ss
):
    link = f'href="{PAGE}"'
    assert link in as_user(lead_ss).get("/console/").content.decode()
    assert link in as_user(operator).get("/console/").content.decode()
    assert link not in as_user(agent_ss).get("/console/").content.decode()


# --- what it counts --------------------------------------------------------------------------


def test_team_counts(lead_ss, board):
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=board["now"]), "seller-support")
    assert panel.by_status == {"new": 2, "open": 3, "awaiting_seller": 1}
    assert panel.open == 6
    assert panel.unassigned == 2  # fresh, recorded
    assert panel.at_risk == 1  # risky (waiting is paused)
    assert panel.breached == 2  # late, recorded
    assert [c.number for c in panel.urgent] == [
        board["late"].number,  # breached, due soonest (an hour ago)
        board["recorded"].number,  # breached, due later
        board["risky"].number,  # at risk
    ]
    assert [c.sla for c in panel.urgent] == ["breached", "breached", "at_risk"]


def test_urgent_list_is_capped_per_team(as_user, lead_ss, board, monkeypatch):
    monkeypatch.setattr(lead_dashboard, "URGENT_SHOWN", 2)
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=board["now"]), "seller-support")
    assert [c.number for c in panel.urgent] == [board["late"].number, board["recorded"].number]
    assert panel.breached + panel.at_risk == 3
    html = as_user(lead_ss).get(PANEL).content.decode()
    assert "The 2 most urgent cases are shown." in html


def test_counts_follow_the_queue_badge(lead_ss, board):
    """At-risk and breached are the queue's own rule: count the badges of the open cases."""
    now = board["now"]
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=now), "seller-support")
    badges = [
        sla.overall_state(case, now)
        for case in Case.objects.filter(team__code="seller-support", status__in=Case.OPEN_STATUSES)
    ]
    assert panel.at_risk == badges.count("at_risk")
    assert panel.breached == badges.count("breached")


def test_per_agent_load_and_oldest_case(lead_ss, agent_ss, board):
    now = board["now"]
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=now), "seller-support")
    agent = _agent(panel, agent_ss)
    assert (agent.open, agent.at_risk, agent.breached) == (3, 1, 1)
    assert agent.oldest_number == board["old"].number
    assert agent.oldest_created_at == now - 10 * 24 * HOUR
    assert agent.member and not agent.lead
    lead = _agent(panel, lead_ss)
    assert (lead.open, lead.at_risk, lead.breached, lead.lead) == (1, 0, 0, True)
    assert lead.oldest_number == board["waiting"].number
    # The busiest first.
    assert panel.agents[0].user == agent_ss


def test_an_idle_member_is_listed_with_nothing(lead_ss, board):
    idle = make_user("idle@desk.example", "agent")
    accounts.team_member_add(actor=None, team=_team("seller-support"), user=idle, role="agent")
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=board["now"]), "seller-support")
    agent = _agent(panel, idle)
    assert (agent.open, agent.oldest_number, agent.last_seen) == (0, None, None)
    assert not agent.online


def test_cases_of_someone_who_left_the_team_stay_listed(lead_ss, agent_ss, board):
    agent_ss.team_memberships.all().delete()
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=board["now"]), "seller-support")
    agent = _agent(panel, agent_ss)
    assert not agent.member
    assert (agent.open, agent.at_risk, agent.breached) == (3, 1, 1)
    assert agent.oldest_number == board["old"].number


def test_presence_shows_who_is_in_the_console(lead_ss, agent_ss, board):
    now = board["now"]
    presence.presence_touch(user=agent_ss, case=board["risky"], typing=False, now=now)
    presence.presence_touch(
        user=lead_ss, case=board["fresh"], typing=False, now=now - timedelta(hours=2)
    )
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=now), "seller-support")
    assert _agent(panel, agent_ss).online
    lead = _agent(panel, lead_ss)
    assert not lead.online and lead.last_seen == now - timedelta(hours=2)


def test_after_the_sla_sweep_the_counts_match_the_badges(make_case, lead_ss, agent_ss):
    """Driven by the real SLA sweep: a 48 h case past its deadline, a 72 h case past its
    warning, and a case answered in time."""
    payments = make_case(subject="payout missing", case_type="payments", fields={})
    order = make_case(subject="order late")
    answered = make_case(subject="answered")
    cases.case_message_add(actor=agent_ss, case=answered, body="Looking into it.")
    now = order.first_response_due_at - timedelta(minutes=1)
    assert payments.first_response_due_at < now
    sweep.sla_sweep(now=now)
    panel = _panel(dashboard_for(lead_teams_for(lead_ss), now=now), "seller-support")
    states = {
        case.number: sla.overall_state(case, now)
        for case in Case.objects.filter(pk__in=[payments.pk, order.pk, answered.pk])
    }
    assert states == {
        payments.number: "breached",
        order.number: "at_risk",
        answered.number: "on_track",
    }
    assert (panel.breached, panel.at_risk) == (1, 1)


# --- the page and its panel ------------------------------------------------------------------


def test_page_polls_the_panel_and_falls_back_to_a_link(as_user, lead_ss, board, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "LEAD_DASHBOARD_REFRESH_SECONDS": 30}
    html = as_user(lead_ss).get(PAGE).content.decode()
    assert "<html" in html and "vendor/htmx.min.js" in html
    panel = re.search(r'<div id="lead-panel"[^>]*>', html).group(0)
    assert f'hx-get="{PANEL}"' in panel
    assert 'hx-trigger="every 30s"' in panel
    assert 'hx-swap="outerHTML"' in panel
    # Without JavaScript: a plain link that reloads the page.
    assert f'<a href="{PAGE}"' in html


def test_refresh_interval_is_a_setting(as_user, lead_ss, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "LEAD_DASHBOARD_REFRESH_SECONDS": 5}
    assert 'hx-trigger="every 5s"' in as_user(lead_ss).get(PANEL).content.decode()


def test_panel_is_the_panel_alone(as_user, lead_ss, board):
    response = as_user(lead_ss).get(PANEL, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="lead-panel"')
    assert "<html" not in html and "<nav" not in html and "<h1" not in html
    assert f'href="/console/cases/{board["risky"].number}"' in html
    assert 'data-team="seller-support"' in html


def test_updated_at_is_in_the_viewers_time_zone(as_user, lead_ss, board):
    lead_ss.time_zone = "Asia/Shanghai"
    lead_ss.save()
    before = timezone.now().replace(microsecond=0)
    html = as_user(lead_ss).get(PANEL).content.decode()
    after = timezone.now()
    stamp, shown = re.search(
        r'<time id="lead-updated-at" datetime="([^"]+)">Updated at (\d\d:\d\d:\d\d)</time>', html
    ).groups()
    moment = datetime.fromisoformat(stamp)
    assert moment.utcoffset() == timedelta(hours=8)  # Shanghai, not UTC
    assert shown == moment.strftime("%H:%M:%S")
    assert before <= moment <= after


def test_counts_on_the_page(as_user, lead_ss, board):
    html = as_user(lead_ss).get(PANEL).content.decode()
    team = html[html.index('data-team="seller-support"') :]

    def count(name: str) -> str:
        return re.search(
            rf'data-count="{name}"(?: class="[^"]*")?><dt>[^<]*</dt><dd>(?:<a [^>]*>)?(\d+)', team
        ).group(1)

    assert (count("open"), count("unassigned"), count("at-risk"), count("breached")) == (
        "6",
        "2",
        "1",
        "2",
    )
    assert count("status-awaiting_seller") == "1"


def test_queries_are_bounded_whatever_the_number_of_cases(
    as_user, lead_ss, agent_ss, make_case, board, django_assert_max_num_queries
):
    client = as_user(lead_ss)
    client.get(PANEL)  # warm the session and the per-process caches

    with django_assert_max_num_queries(12) as few:
        client.get(PANEL)
    for i in range(15):
        case = make_case(subject=f"more {i}")
        if i % 2:
            cases.case_assign(actor=lead_ss, case=case, assignee=agent_ss)
        if i % 3 == 0:
            _set(case, sla_warned=["first_response"])
    helper = make_user("helper@desk.example", "agent")
    accounts.team_member_add(actor=None, team=_team("seller-support"), user=helper, role="agent")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        client.get(PANEL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_selector_reads_a_fixed_number_of_statements(
    lead_ss, board, django_assert_max_num_queries
):
    teams = lead_teams_for(lead_ss)
    with django_assert_max_num_queries(3):  # the GROUP BY, the members, the urgent cases
        dashboard_for(teams, now=board["now"])


# --- in Chinese ------------------------------------------------------------------------------


def test_renders_in_chinese(as_user, lead_ss, board, monkeypatch):
    """The page renders for a lead whose language is Chinese, and its headings go through
    gettext: given a Chinese catalogue entry, the heading comes out in Chinese."""
    lead_ss.language = "zh-hans"
    lead_ss.save()
    with translation.override("zh-hans"):
        catalog = trans_real.translation("zh-hans")._catalog
    for msgid, msgstr in {
        "Team dashboard": "团队看板",
        "Cases needing attention": "需要关注的案例",
        "Agents": "客服",
        "Oldest open case": "最早的未结案例",
    }.items():
        monkeypatch.setitem(catalog._catalogs[0], msgid, msgstr)
    response = as_user(lead_ss).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert "<h1>团队看板</h1>" in html
    assert "需要关注的案例" in html and "最早的未结案例" in html
    assert "卖家支持" in html  # the team's Chinese name
    panel = as_user(lead_ss).get(PANEL).content.decode()
    assert "需要关注的案例" in panel


def test_the_panel_lists_low_ratings_waiting_for_a_follow_up(
    client, make_case, agent_ss, lead_ss, seller_owner
):
    from sellerdesk.cases import services as case_services
    from sellerdesk.surveys import services as surveys

    case = make_case()
    case_services.case_resolve(actor=agent_ss, case=case, body="Done.")
    surveys.rating_submit(actor=seller_owner, case=case, score=1, channel="app")
    client.force_login(lead_ss)
    html = client.get("/console/lead/panel").content.decode()
    assert f'data-followup="{case.number}"' in html
    client.force_login(agent_ss)
    assert client.get("/console/lead/panel").status_code == 403
