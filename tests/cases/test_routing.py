"""Moving a case to another team or case type: who may, what changes, the audit and the
notice to the new team's leads."""

from datetime import timedelta

import pytest

from sellerdesk.accounts.models import Team
from sellerdesk.cases import routing, services
from sellerdesk.cases.models import CaseType
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed
from sellerdesk.notifications.models import Notification
from tests.conftest import _agent


@pytest.fixture
def lead_ah(db):
    return _agent("lead.ah@desk.example", "account-health", role="lead")


def test_new_case_type_moves_to_its_team_and_recomputes_the_deadlines(make_case, agent_ss, lead_ah):
    case = make_case()  # order fulfilment: seller support, 72 h first response
    services.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    assert case.first_response_due_at - case.created_at == timedelta(hours=72)

    moved = routing.case_move(
        actor=agent_ss,
        case=case,
        case_type=CaseType.objects.get(code="account-deactivation"),
        reason="The account is deactivated, not an order problem.",
    )

    moved.refresh_from_db()
    assert moved.team.code == "account-health"
    assert moved.case_type.code == "account-deactivation"
    assert moved.assignee is None  # agent_ss is not in account health
    assert moved.first_response_due_at - moved.created_at == timedelta(hours=24)
    event = moved.events.get(action="case.moved")
    assert event.actor == agent_ss
    assert event.before["team"] == "seller-support"
    assert event.after["team"] == "account-health"
    assert event.before["case_type"] == "order-fulfilment"
    assert event.before["assignee"] == agent_ss.email and event.after["assignee"] is None
    assert event.after["reason"].startswith("The account is deactivated")
    assert "first_response_due_at" in event.after
    notice = Notification.objects.get(kind="case.moved")
    assert notice.recipient == lead_ah
    assert f"/console/cases/{moved.number}" == notice.link


def test_the_notice_is_in_the_leads_language(make_case, agent_ss, lead_ah):
    lead_ah.language = "zh-hans"
    lead_ah.save()
    case = make_case()
    routing.case_move(
        actor=agent_ss,
        case=case,
        team=Team.objects.get(code="account-health"),
        reason="属于账户健康",
    )
    notice = Notification.objects.get(kind="case.moved", recipient=lead_ah)
    assert "账户健康" in notice.subject
    assert "属于账户健康" in notice.body


def test_a_team_alone_keeps_the_case_type_and_an_assignee_in_both_teams(make_case, agent_ss):
    from sellerdesk.accounts import services as accounts

    accounts.team_member_add(
        actor=None, team=Team.objects.get(code="fba"), user=agent_ss, role="agent"
    )
    case = make_case()
    services.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    moved = routing.case_move(
        actor=agent_ss, case=case, team=Team.objects.get(code="fba"), reason="FBA order"
    )
    moved.refresh_from_db()
    assert (moved.team.code, moved.case_type.code) == ("fba", "order-fulfilment")
    assert moved.assignee == agent_ss


def test_only_staff_of_the_current_team_or_operators_may_move(
    make_case, agent_ah, seller_owner, operator
):
    case = make_case()
    fba = Team.objects.get(code="fba")
    for actor in (agent_ah, seller_owner):
        with pytest.raises(Forbidden):
            routing.case_move(actor=actor, case=case, team=fba, reason="x")
    assert not case.events.filter(action="case.moved").exists()
    routing.case_move(actor=operator, case=case, team=fba, reason="operator fixes routing")
    case.refresh_from_db()
    assert case.team == fba


def test_refusals_name_the_field(make_case, agent_ss):
    case = make_case()
    with pytest.raises(ValidationFailed) as exc:
        routing.case_move(actor=agent_ss, case=case, reason="")
    assert {e.field for e in exc.value.errors} == {"team", "reason"}
    with pytest.raises(ValidationFailed) as exc:
        routing.case_move(
            actor=agent_ss, case=case, team=Team.objects.get(code="seller-support"), reason="x"
        )
    assert exc.value.errors[0].code == "unchanged"
    with pytest.raises(ValidationFailed) as exc:
        routing.move_targets(team="nope", case_type="nothing")
    assert {e.field for e in exc.value.errors} == {"team", "case_type"}
    services.case_resolve(actor=agent_ss, case=case)
    with pytest.raises(Conflict):
        routing.case_move(
            actor=agent_ss, case=case, team=Team.objects.get(code="fba"), reason="too late"
        )
