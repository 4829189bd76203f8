"""SLA defaults, clocks on real cases, the sweep, escalation and policy replay."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sellerdesk.accounts.models import Team
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import escalation, sweep
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case, CaseType
from sellerdesk.cases.sla_config import sla_policy_save
from sellerdesk.lib.errors import Conflict
from sellerdesk.notifications.models import Notification
from sellerdesk.sla import targets as sla
from sellerdesk.sla.models import BusinessCalendar, SlaPolicy, SlaSettings

H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("case_type", "first_h"),
    [
        ("account-deactivation", 24),
        ("fba-inventory", 48),
        ("order-fulfilment", 72),
        ("listing-problem", 48),
        ("payments", 48),
        ("advertising", 48),
    ],
)
def test_seed_defaults(db, case_type, first_h):
    ct = CaseType.objects.get(code=case_type)
    settings = SlaSettings.current()
    standard = sla.targets_for(ct.pk, "standard", settings)
    premium = sla.targets_for(ct.pk, "premium", settings)
    assert standard.first_response == first_h * H
    assert standard.resolution == 5 * 24 * H
    assert premium.first_response == first_h * H / 2
    assert settings.warn_at_percent == 75 and settings.seller_escalation_after_hours == 72


def test_type_without_policy_rows_gets_the_desk_defaults(db):
    ct = CaseType.objects.get(code="payments")
    SlaPolicy.objects.filter(case_type=ct).delete()
    settings = SlaSettings.current()
    assert sla.targets_for(ct.pk, "standard", settings).first_response == 48 * H
    assert sla.targets_for(ct.pk, "premium", settings).first_response == 24 * H


def test_premium_seller_gets_half_the_target(make_case, seller_a):
    seller_a.tier = "premium"
    seller_a.save()
    case = make_case(case_type="account-deactivation", fields={})
    assert case.first_response_due_at - case.created_at == 12 * H
    assert case.priority == "high"


def test_waiting_on_the_seller_pauses_resolution(make_case, agent_ss, seller_owner):
    t0 = timezone.now() - 30 * H
    case = make_case(now=t0)
    original = case.resolution_due_at
    cases.case_message_add(actor=agent_ss, case=case, body="?", request_info=True, now=t0 + H)
    case.refresh_from_db()
    assert case.resolution_due_at is None  # paused: no deadline while the seller holds it
    cases.case_message_add(actor=seller_owner, case=case, body="!", now=t0 + 11 * H)
    case.refresh_from_db()
    assert case.resolution_due_at == original + 10 * H
    assert list(case.pauses.values_list("reason", flat=True)) == ["awaiting_seller"]


def test_next_response_clock(make_case, agent_ss, seller_owner):
    t0 = timezone.now() - 5 * H
    case = make_case(now=t0)
    cases.case_message_add(actor=agent_ss, case=case, body="hello", now=t0 + H)
    case.refresh_from_db()
    assert case.next_response_due_at is None and case.first_response_due_at is not None
    cases.case_message_add(actor=seller_owner, case=case, body="more", now=t0 + 2 * H)
    case.refresh_from_db()
    assert case.next_response_due_at == t0 + 2 * H + 24 * H
    cases.case_message_add(actor=seller_owner, case=case, body="again", now=t0 + 3 * H)
    case.refresh_from_db()
    assert case.next_response_due_at == t0 + 26 * H  # the clock runs from the first unanswered
    cases.case_message_add(actor=agent_ss, case=case, body="answer", now=t0 + 4 * H)
    case.refresh_from_db()
    assert case.next_response_due_at is None


def test_internal_note_does_not_meet_first_response(make_case, agent_ss):
    case = make_case()
    due = case.first_response_due_at
    cases.case_message_add(actor=agent_ss, case=case, body="n", internal=True)
    case.refresh_from_db()
    assert case.first_response_at is None and case.first_response_due_at == due


def test_sweep_warns_at_75_percent_then_breaches_and_escalates_once(make_case, agent_ss, lead_ss):
    t0 = timezone.now() - 100 * H
    case = make_case(now=t0)  # order fulfilment: 72 h first response, warned at 54 h
    cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss, now=t0)
    case.refresh_from_db()
    assert case.sla_check_at == t0 + 54 * H
    assert sweep.sla_sweep(now=t0 + 53 * H) == 0
    assert sweep.sla_sweep(now=t0 + 54 * H) == 1
    assert sweep.sla_sweep(now=t0 + 54 * H) == 0
    warnings = Notification.objects.emails().filter(kind="sla.warning")
    assert {n.recipient for n in warnings} == {agent_ss, lead_ss}
    assert sweep.sla_sweep(now=t0 + 72 * H) == 1
    case.refresh_from_db()
    assert case.first_response_breached_at == t0 + 72 * H
    assert case.escalated_at == t0 + 72 * H and case.escalation_reason == "sla_breach"
    assert sweep.sla_sweep(now=t0 + 80 * H) == 0
    assert AuditEvent.objects.filter(case=case, action="case.sla_warning").count() == 1
    breach = AuditEvent.objects.get(case=case, action="case.sla_breached")
    assert breach.actor_label == "system:sla_breach:first_response" and breach.internal
    # Breached cases come first in a queue ordered by deadline.
    assert case.due_at < timezone.now()


def test_sweep_cost_follows_what_is_due(make_case, django_assert_max_num_queries):
    for i in range(30):
        make_case(subject=f"quiet {i}")
    with django_assert_max_num_queries(2):
        assert sweep.sla_sweep() == 0


def test_warning_waits_for_working_hours_when_a_calendar_applies(make_case, agent_ss):
    team = Team.objects.get(code="seller-support")
    BusinessCalendar.objects.create(
        name="Seller Support Shenzhen",
        time_zone="Asia/Shanghai",
        hours={str(d): [["09:00", "18:00"]] for d in range(7)},
        team=team,
    )
    t0 = timezone.now() - 400 * H
    case = make_case(now=t0)
    cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss, now=t0)
    case.refresh_from_db()
    warn_at = case.sla_check_at
    local = warn_at.astimezone(timezone.get_fixed_timezone(480))
    assert time(9) <= local.time() <= time(18)


def test_policy_change_replays_open_cases(make_case, operator):
    case = make_case(case_type="fba-inventory", fields={})
    policy = SlaPolicy.objects.get(case_type__code="fba-inventory", tier="standard")
    policy.first_response_minutes = 6 * 60
    assert sla_policy_save(actor=operator, policy=policy) == 1
    case.refresh_from_db()
    assert case.first_response_due_at == case.created_at + 6 * H
    assert AuditEvent.objects.filter(action="sla_policy.saved").exists()


def test_seller_escalation_boundaries(make_case, agent_ss, seller_owner, lead_ss):
    t0 = timezone.now() - 200 * H
    case = make_case(case_type="listing-problem", fields={"asin": "B07XJ8C8F5"}, now=t0)
    with pytest.raises(Conflict) as err:  # 48 h first response, not yet overdue
        escalation.case_escalate(actor=seller_owner, case=case, now=t0 + 47 * H)
    assert err.value.extra["escalation_possible_at"] == (t0 + 48 * H).isoformat()
    escalation.case_escalate(actor=seller_owner, case=case, reason="急", now=t0 + 48 * H)
    case.refresh_from_db()
    assert case.escalation_reason == "seller"
    assert Notification.objects.filter(kind="case.escalated", recipient=lead_ss).exists()
    with pytest.raises(Conflict):
        escalation.case_escalate(actor=seller_owner, case=case, now=t0 + 49 * H)


def test_escalation_after_72_hours_without_reply(make_case, agent_ss, seller_owner):
    t0 = timezone.now() - 200 * H
    case = make_case(now=t0)  # order fulfilment: 72 h first response
    cases.case_message_add(actor=agent_ss, case=case, body="looking", now=t0 + H)
    cases.case_message_add(actor=seller_owner, case=case, body="any news?", now=t0 + 2 * H)
    with pytest.raises(Conflict):
        escalation.case_escalate(actor=seller_owner, case=case, now=t0 + 73 * H)
    escalation.case_escalate(actor=seller_owner, case=case, now=t0 + 74 * H)


def test_no_escalation_while_waiting_on_the_seller(make_case, agent_ss, seller_owner):
    t0 = timezone.now() - 200 * H
    case = make_case(now=t0)
    cases.case_message_add(actor=agent_ss, case=case, body="?", request_info=True, now=t0 + H)
    with pytest.raises(Conflict):
        escalation.case_escalate(actor=seller_owner, case=case, now=t0 + 150 * H)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sweeping_at_once_fire_each_event_once(make_case):
    t0 = timezone.now() - 100 * H
    for i in range(15):
        make_case(case_type="account-deactivation", fields={}, subject=f"c{i}", now=t0)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(sweep.sla_sweep())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    # Each case: its 24 h first response breached (that warning superseded, not sent late) and
    # its 120 h resolution target warned (75 % = 90 h < 100 h) — each exactly once.
    assert AuditEvent.objects.filter(action="case.sla_breached").count() == 15
    assert AuditEvent.objects.filter(action="case.sla_warning").count() == 15
    assert Case.objects.filter(escalated_at__isnull=False).count() == 15
    assert sum(results) == 30


def test_lead_queue_lists_escalated_cases(make_case, agent_ss, lead_ss, client):
    from sellerdesk.cases.selectors import CaseFilters, case_list_for

    t0 = timezone.now() - 100 * H
    late = make_case(now=t0)
    make_case(subject="fresh")
    sweep.sla_sweep()
    rows, _ = case_list_for(lead_ss, CaseFilters(escalated=True), ordering="due")
    assert [c.number for c in rows] == [late.number]
    client.force_login(lead_ss)
    page = client.get("/console/?escalated=yes")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"#{late.number}" in html and "fresh" not in html
    assert "sla-breached" in html
    detail = client.get(f"/console/cases/{late.number}").content.decode()
    assert "sla-breached" in detail and "Escalated" in detail


def test_seller_escalates_from_the_case_page(make_case, seller_owner, client):
    t0 = timezone.now() - 100 * H
    case = make_case(now=t0)  # 72 h first response: overdue now
    client.force_login(seller_owner)
    page = client.get(f"/cases/{case.number}").content.decode()
    assert f"/cases/{case.number}/escalate" in page
    assert client.post(f"/cases/{case.number}/escalate", {"reason": "急"}).status_code == 302
    case.refresh_from_db()
    assert case.escalation_reason == "seller"
    fresh = make_case(subject="new one")
    page = client.get(f"/cases/{fresh.number}").content.decode()
    assert f"/cases/{fresh.number}/escalate" not in page
    client.post(f"/cases/{fresh.number}/escalate")
    fresh.refresh_from_db()
    assert fresh.escalated_at is None


def test_every_case_type_has_its_targets_in_sla_policies(db):
    """Case types made with their own hours (the health app's review type) kept them."""
    assert not CaseType.objects.exclude(sla_policies__tier="standard").exists()
    review = CaseType.objects.get(code="account-health-review")
    settings = SlaSettings.current()
    assert sla.targets_for(review.pk, "standard", settings).first_response == 24 * H
    assert sla.targets_for(review.pk, "premium", settings).first_response == 12 * H
