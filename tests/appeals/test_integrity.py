"""An appeal and its review case never part ways: the case is answered, resolved and reopened
only through the appeal; nobody merges or moves it, or moves another case into the appeal
type. An operator lifting the cause meanwhile leaves the appeal decidable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from sellerdesk.accounts.models import Team
from sellerdesk.appeals import review, services
from sellerdesk.appeals.models import Appeal
from sellerdesk.appeals.quality import Draft
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import creation
from sellerdesk.cases import services as cases
from sellerdesk.cases.merge import case_merge
from sellerdesk.cases.models import CaseType
from sellerdesk.cases.routing import case_move
from sellerdesk.health.causes import cause_lift
from sellerdesk.lib.errors import Conflict, ValidationFailed

from .test_services import GOOD, NOW, _cause, _open


@pytest.fixture
def appeal(seller_a, seller_owner):
    opened, _ = _open(seller_a, seller_owner, _cause(seller_a))
    opened.refresh_from_db()
    assert opened.status == Appeal.Status.IN_REVIEW
    return opened


def test_the_review_case_is_decided_only_through_its_appeal(
    appeal, agent_ah, seller_owner, make_case
):
    case = appeal.case
    with pytest.raises(Conflict) as refused:
        cases.case_resolve(actor=agent_ah, case=case, now=NOW)
    assert refused.value.extra == {"workflow": "appeal"}
    with pytest.raises(Conflict):
        cases.case_message_add(
            actor=agent_ah, case=case, body="Send more.", request_info=True, now=NOW
        )
    with pytest.raises(Conflict):
        cases.case_message_add(actor=seller_owner, case=case, body="Here you are.", now=NOW)
    other = make_case(case_type="account-deactivation", fields={})
    with pytest.raises(Conflict):
        case_merge(actor=agent_ah, case=case, into=other, now=NOW)
    with pytest.raises(Conflict):
        case_merge(actor=agent_ah, case=other, into=case, now=NOW)
    with pytest.raises(Conflict):
        case_move(
            actor=agent_ah,
            case=case,
            team=Team.objects.get(code="seller-support"),
            reason="wrong team",
            now=NOW,
        )
    # An agent's reply and an internal note are still fine; the appeal is still decidable.
    cases.case_message_add(actor=agent_ah, case=case, body="We are reviewing it.", now=NOW)
    cases.case_message_add(actor=agent_ah, case=case, body="note", internal=True, now=NOW)
    review.appeal_accept(actor=agent_ah, appeal=appeal, now=NOW)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ACCEPTED
    with pytest.raises(Conflict):
        cases.case_reopen(actor=seller_owner, case=appeal.case, now=NOW + timedelta(hours=1))


def test_no_other_case_becomes_an_appeal_review(seller_a, operator, agent_ah, make_case):
    appeal_type = CaseType.objects.get(code="account-appeal")
    with pytest.raises(ValidationFailed) as refused:
        creation.case_create(
            actor=operator,
            seller=seller_a,
            site="US",
            case_type=appeal_type.code,
            subject="An appeal by hand",
            description="no appeal behind it",
            now=NOW,
        )
    assert refused.value.errors[0].code == "not_opened_here"
    case = make_case(case_type="account-deactivation", fields={})
    with pytest.raises(ValidationFailed) as refused:
        case_move(actor=agent_ah, case=case, case_type=appeal_type, reason="appeal", now=NOW)
    assert refused.value.errors[0].field == "case_type"


def test_a_cause_an_operator_lifted_meanwhile_leaves_the_appeal_decidable(
    appeal, agent_ah, operator
):
    cause_lift(actor=operator, cause=appeal.cause, reason="Carrier outage verified", now=NOW)
    review.appeal_accept(actor=agent_ah, appeal=appeal, now=NOW + timedelta(minutes=5))
    appeal.refresh_from_db()
    appeal.cause.refresh_from_db()
    assert appeal.status == Appeal.Status.ACCEPTED
    assert appeal.cause.lifted_by == operator  # lifted once, by the operator
    assert AuditEvent.objects.filter(action="health.cause_lifted").count() == 1


def test_nothing_is_sent_for_a_lifted_cause(seller_a, seller_owner, agent_ah, operator, appeal):
    review.appeal_request_info(actor=agent_ah, appeal=appeal, text="More, please.", now=NOW)
    cause_lift(actor=operator, cause=appeal.cause, reason="Lifted by hand", now=NOW)
    with pytest.raises(Conflict):
        services.appeal_revise(actor=seller_owner, appeal=appeal, draft=GOOD, now=NOW)


def test_the_live_check_refuses_text_past_the_limit(seller_a, seller_owner):
    cause = _cause(seller_a)
    long = Draft("x " * services.MAX_SECTION_LENGTH, GOOD.corrective_actions, "")
    with pytest.raises(ValidationFailed) as refused:
        services.appeal_check(actor=seller_owner, cause=cause, draft=long, now=NOW)
    assert [e.field for e in refused.value.errors] == ["root_cause"]


def test_the_files_moved_onto_the_review_case_are_audited(appeal):
    created = AuditEvent.objects.get(action="case.created", object_id=str(appeal.case_id))
    (evidence,) = appeal.versions.get().evidence.all()
    assert created.after["attachments"] == [evidence.attachment_id]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_case_pages_point_to_the_appeal(appeal, seller_owner, agent_ah):
    number = appeal.case.number
    seller_page = _signed_in(seller_owner).get(f"/cases/{number}").content.decode()
    assert f'href="/appeals/{appeal.pk}/"' in seller_page
    console_page = _signed_in(agent_ah).get(f"/console/cases/{number}").content.decode()
    assert f'href="/console/appeals/{appeal.pk}/"' in console_page
