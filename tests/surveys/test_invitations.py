"""The worker invites the seller once per resolution, by a notice of its own kind carrying a
signed link per member; a case reopened and resolved again is invited anew."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import CaseType
from sellerdesk.notifications.models import Notification
from sellerdesk.notifications.services import notifications_deliver_due
from sellerdesk.surveys import services as surveys
from sellerdesk.surveys import tasks
from sellerdesk.surveys.models import SurveyInvitation

from .conftest import resolve


def test_a_resolved_case_is_invited_once(resolved, seller_owner):
    assert surveys.survey_invitations_send() == 1
    assert surveys.survey_invitations_send() == 0
    notice = Notification.objects.get(kind="survey.invite")
    assert notice.recipient == seller_owner and notice.channels() == ["email", "in_app"]
    assert notice.link.startswith("/surveys/rate/")
    invitation = SurveyInvitation.objects.get()
    assert invitation.resolved_at == resolved.resolved_at and invitation.recipients == 1
    event = AuditEvent.objects.get(action="survey.invited")
    assert event.actor is None and event.actor_label == "system:survey.invite"
    assert event.internal and event.case_id == resolved.pk


def test_reopened_and_resolved_again_is_invited_again(resolved, seller_owner, agent_ss):
    surveys.survey_invitations_send()
    cases.case_reopen(actor=seller_owner, case=resolved, reason="还是没收到")
    assert surveys.survey_invitations_send() == 0  # open again: nothing to rate
    resolve(resolved, agent_ss)
    assert surveys.survey_invitations_send() == 1
    assert SurveyInvitation.objects.filter(case=resolved).count() == 2
    links = set(Notification.objects.filter(kind="survey.invite").values_list("link", flat=True))
    assert len(links) == 2  # each link names its resolution


@pytest.mark.parametrize("reason", ["invalid", "duplicate", "spam"])
def test_bad_closes_are_not_invited(make_case, agent_ss, reason):
    resolve(make_case(), agent_ss, close_reason=reason)
    assert surveys.survey_invitations_send() == 0


def test_open_cases_and_workflow_cases_are_not_invited(make_case, agent_ss):
    make_case()  # open
    case = make_case()
    CaseType.objects.filter(pk=case.case_type_id).update(workflow="appeal")
    case.refresh_from_db()
    cases.case_resolve(actor=agent_ss, case=case, by_workflow=True)
    assert surveys.survey_invitations_send() == 0


def test_resolutions_older_than_the_look_back_are_not_invited(resolved, settings):
    later = timezone.now() + timedelta(
        days=settings.SELLERDESK["SURVEY_INVITE_LOOKBACK_DAYS"], hours=1
    )
    assert surveys.survey_invitations_send(now=later) == 0


def test_the_email_is_in_the_members_language_with_the_link(resolved, seller_owner, settings):
    surveys.survey_invitations_send()
    assert notifications_deliver_due() == 2  # the resolution's notice, then the survey's
    (email,) = [m for m in mail.outbox if "/surveys/rate/" in m.body]
    assert email.to == [seller_owner.email]
    assert str(resolved.number) in email.subject and "评分" in email.subject
    assert resolved.subject in email.body
    assert f"{settings.SELLERDESK_BASE_URL.rstrip('/')}/surveys/rate/" in email.body
    assert "14 天" in email.body


def test_the_email_in_english(resolved, seller_owner):
    seller_owner.language = "en"
    seller_owner.save(update_fields=["language"])
    surveys.survey_invitations_send()
    notifications_deliver_due()
    (email,) = [m for m in mail.outbox if "/surveys/rate/" in m.body]
    assert email.subject == f"[sellerdesk] How did we do on case {resolved.number}?"
    assert "works for 14 days" in email.body


def test_the_periodic_task_calls_the_service(resolved):
    assert tasks.send_survey_invitations.call_local() == 1
