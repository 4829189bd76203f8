"""Case services: routing, the lifecycle end to end, audit of every change, the windows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import autoclose, creation, services
from sellerdesk.cases.models import Case, IdempotencyKey, Message
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed


def actions(case):
    return list(case.events.values_list("action", flat=True))


def test_case_is_routed_to_the_team_that_owns_its_type(make_case):
    assert make_case(case_type="order-fulfilment").team.code == "seller-support"
    assert make_case(case_type="fba-inventory", fields={}).team.code == "fba"
    assert make_case(case_type="account-deactivation", fields={}).team.code == "account-health"
    assert make_case(case_type="advertising", fields={}).team.code == "advertising"


def test_number_is_unique_and_human_sized(make_case):
    a, b = make_case(), make_case(subject="another")
    assert a.number != b.number
    assert 10_000_000 < a.number < 100_000_000


def test_first_response_target_comes_from_the_case_type(make_case):
    case = make_case(case_type="account-deactivation", fields={})
    assert case.first_response_due_at - case.created_at == timedelta(hours=24)
    case = make_case(case_type="order-fulfilment")
    assert case.first_response_due_at - case.created_at == timedelta(hours=72)
    assert case.due_at == case.first_response_due_at


def test_full_lifecycle_audits_every_change(make_case, agent_ss, seller_owner):
    case = make_case()
    services.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    services.case_message_add(actor=agent_ss, case=case, body="请提供截图", request_info=True)
    services.case_message_add(actor=seller_owner, case=case, body="已提供")
    services.case_message_add(actor=agent_ss, case=case, body="carrier checked", internal=True)
    services.case_message_add(actor=agent_ss, case=case, body="We refunded the buyer.")
    services.case_resolve(actor=agent_ss, case=case, body="Resolved.")
    services.case_reopen(actor=seller_owner, case=case, reason="买家又投诉了")
    case.refresh_from_db()
    assert case.status == "open"
    assert actions(case) == [
        "case.created",
        "case.assigned",
        "case.request_info_added",
        "case.reply_added",
        "case.note_added",
        "case.reply_added",
        "case.resolved",
        "case.reopened",
    ]
    assigned = case.events.get(action="case.assigned")
    assert assigned.before == {"status": "new", "assignee": None}
    assert assigned.after == {"status": "open", "assignee": agent_ss.email}
    assert assigned.actor == agent_ss
    assert case.events.get(action="case.note_added").internal is True


def test_agent_reply_meets_first_response_but_a_note_does_not(make_case, agent_ss):
    case = make_case()
    services.case_message_add(actor=agent_ss, case=case, body="note", internal=True)
    case.refresh_from_db()
    assert case.first_response_at is None and case.status == "new"
    services.case_message_add(actor=agent_ss, case=case, body="reply")
    case.refresh_from_db()
    assert case.first_response_at is not None and case.status == "open"
    assert case.due_at == case.resolution_due_at


def test_seller_cannot_write_internal_notes(make_case, seller_owner):
    case = make_case()
    with pytest.raises(Forbidden):
        services.case_message_add(actor=seller_owner, case=case, body="x", internal=True)
    with pytest.raises(Forbidden):
        services.case_message_add(actor=seller_owner, case=case, body="x", request_info=True)
    assert not Message.objects.exists()


def test_other_team_and_other_seller_cannot_act(make_case, agent_ah, seller2_owner):
    case = make_case()
    for call in (
        lambda: services.case_message_add(actor=agent_ah, case=case, body="x"),
        lambda: services.case_message_add(actor=seller2_owner, case=case, body="x"),
        lambda: services.case_resolve(actor=agent_ah, case=case),
        lambda: services.case_assign(actor=agent_ah, case=case, assignee=agent_ah),
        lambda: services.case_reopen(actor=seller2_owner, case=case),
    ):
        with pytest.raises(Forbidden):
            call()
    assert actions(case) == ["case.created"]


def test_assignee_must_be_in_the_owning_team(make_case, agent_ss, agent_ah):
    case = make_case()
    with pytest.raises(ValidationFailed) as err:
        services.case_assign(actor=agent_ss, case=case, assignee=agent_ah)
    assert err.value.errors[0].field == "assignee"


def test_resolved_case_refuses_agent_reply_until_reopened(make_case, agent_ss):
    case = make_case()
    services.case_resolve(actor=agent_ss, case=case)
    with pytest.raises(Conflict):
        services.case_message_add(actor=agent_ss, case=case, body="late")
    with pytest.raises(Conflict):
        services.case_resolve(actor=agent_ss, case=case)


def test_seller_reply_reopens_within_the_window_only(make_case, agent_ss, seller_owner, settings):
    window = settings.SELLERDESK["REOPEN_WINDOW_DAYS"]
    case = make_case()
    resolved_at = timezone.now()
    services.case_resolve(actor=agent_ss, case=case, now=resolved_at)
    at_edge = resolved_at + timedelta(days=window)
    services.case_message_add(actor=seller_owner, case=case, body="还没好", now=at_edge)
    case.refresh_from_db()
    assert case.status == "open" and case.resolved_at is None

    services.case_resolve(actor=agent_ss, case=case, now=at_edge)
    too_late = at_edge + timedelta(days=window, seconds=1)
    with pytest.raises(Conflict):
        services.case_message_add(actor=seller_owner, case=case, body="again", now=too_late)
    with pytest.raises(Conflict):
        services.case_reopen(actor=seller_owner, case=case, now=too_late)


def test_auto_close_at_the_quiet_period_boundary(make_case, agent_ss, settings):
    days = settings.SELLERDESK["AUTO_CLOSE_AFTER_DAYS"]
    case = make_case()
    resolved_at = timezone.now() - timedelta(days=30)
    services.case_resolve(actor=agent_ss, case=case, now=resolved_at)
    assert autoclose.cases_close_quiet(now=resolved_at + timedelta(days=days, seconds=-1)) == 0
    assert autoclose.cases_close_quiet(now=resolved_at + timedelta(days=days)) == 1
    case.refresh_from_db()
    assert case.status == "closed"
    closed = case.events.get(action="case.closed")
    assert closed.actor is None and closed.actor_label == "system:auto_close_quiet_resolved"
    notice = case.messages.get(author_kind="system")
    assert "自动关闭" in notice.body and not notice.internal  # in the case's language (zh)
    assert autoclose.cases_close_quiet(now=resolved_at + timedelta(days=days + 1)) == 0


def test_validation_lists_every_problem_and_writes_nothing(seller_owner, seller_a):
    before = (Case.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as err:
        creation.case_create(
            actor=seller_owner,
            seller=seller_a,
            site="XX",
            case_type="no-such-type",
            subject="  ",
            description="x" * 20_001,
            language="fr",
        )
    fields = {e.field for e in err.value.errors}
    assert fields == {"site", "case_type", "subject", "description", "language"}
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_site_must_be_one_the_seller_sells_on(seller_owner, seller_a):
    with pytest.raises(ValidationFailed) as err:
        creation.case_create(
            actor=seller_owner,
            seller=seller_a,
            site="DE",
            case_type="fba-inventory",
            subject="s",
            description="d",
            language="en",
        )
    assert [(e.field, e.code) for e in err.value.errors] == [("site", "not_enrolled")]


def test_non_member_cannot_open_a_case_for_a_seller(seller2_owner, seller_a):
    with pytest.raises(Forbidden):
        creation.case_create(
            actor=seller2_owner,
            seller=seller_a,
            site="US",
            case_type="fba-inventory",
            subject="s",
            description="d",
            language="en",
        )


def test_idempotency_key_replays_the_same_case(make_case):
    first = make_case(idempotency_key="k-1")
    again = make_case(idempotency_key="k-1")
    assert again.pk == first.pk
    assert Case.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    with pytest.raises(Conflict):
        make_case(idempotency_key="k-1", subject="something else")
