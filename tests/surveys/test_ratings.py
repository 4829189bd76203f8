"""Rating rules: the case's seller only, 1–5 named on error, the latest kept and audited with
before/after, a low score asks the team's leads to follow up, and the follow-up is audited."""

import pytest

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed
from sellerdesk.notifications.models import Notification
from sellerdesk.surveys import selectors
from sellerdesk.surveys import services as surveys
from sellerdesk.surveys.models import Rating

from .conftest import resolve


def rate(user, case, score, comment="", channel="app"):
    return surveys.rating_submit(
        actor=user, case=case, score=score, comment=comment, channel=channel
    )


@pytest.mark.parametrize("score", [0, 6, -1, "4", 4.0, None, True])
def test_the_score_is_a_whole_number_from_1_to_5(resolved, seller_owner, score):
    with pytest.raises(ValidationFailed) as exc:
        rate(seller_owner, resolved, score)
    assert [e.field for e in exc.value.errors] == ["score"]
    assert not Rating.objects.exists()


def test_the_comment_is_length_limited(resolved, seller_owner, settings):
    limit = settings.SELLERDESK["SURVEY_COMMENT_MAX_LENGTH"]
    with pytest.raises(ValidationFailed) as exc:
        rate(seller_owner, resolved, 4, "x" * (limit + 1))
    assert exc.value.errors[0].field == "comment" and exc.value.errors[0].code == "too_long"
    assert rate(seller_owner, resolved, 4, "x" * limit).comment == "x" * limit


def test_only_a_resolved_case_is_rated(make_case, seller_owner, agent_ss):
    case = make_case()
    with pytest.raises(Conflict):
        rate(seller_owner, case, 5)
    spam = resolve(make_case(), agent_ss, close_reason="spam")
    with pytest.raises(Conflict):
        rate(seller_owner, spam, 5)


def test_only_the_cases_seller_rates(resolved, seller2_owner, agent_ss, operator):
    for user in (seller2_owner, agent_ss, operator):
        with pytest.raises(Forbidden):
            rate(user, resolved, 5)


def test_rating_again_keeps_the_latest_and_audits_before_and_after(resolved, seller_owner):
    rate(seller_owner, resolved, 4, "ok")
    rate(seller_owner, resolved, 5, "better now")
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "better now")
    first, second = AuditEvent.objects.filter(action__startswith="rating.").order_by("pk")
    assert first.action == "rating.recorded" and first.before == {}
    assert second.action == "rating.changed"
    assert second.before == {"score": 4, "comment": "ok"}
    assert second.after == {"score": 5, "comment": "better now"}
    assert second.internal and second.case_id == resolved.pk


def test_a_new_resolution_is_rated_anew_and_replaces_the_old(resolved, seller_owner, agent_ss):
    rate(seller_owner, resolved, 5)
    resolved = cases.case_reopen(actor=seller_owner, case=resolved)
    panel = selectors.rating_panel_for(seller_owner, resolved)
    assert not panel.can_rate
    resolved = resolve(resolved, agent_ss)
    assert not selectors.rating_panel_for(seller_owner, resolved).current
    rate(seller_owner, resolved, 3)
    rating = Rating.objects.get()
    assert rating.score == 3 and rating.resolved_at == resolved.resolved_at
    event = AuditEvent.objects.filter(action="rating.recorded").latest("pk")
    assert event.before["score"] == 5 and event.after["score"] == 3
    assert "resolved_at" in event.after


def test_a_low_score_asks_the_leads_to_follow_up(resolved, seller_owner, lead_ss, agent_ss):
    rate(seller_owner, resolved, 2, "太慢了")
    rating = Rating.objects.get()
    assert rating.followup == "needed"
    notice = Notification.objects.get(kind="survey.low_rating")
    assert notice.recipient == lead_ss and notice.link == f"/console/cases/{resolved.number}"
    assert "太慢了" in notice.body and str(resolved.number) in notice.subject
    assert not Notification.objects.filter(kind="survey.low_rating", recipient=agent_ss)
    # Lower again for the same resolution: one follow-up, one notice.
    rate(seller_owner, resolved, 1)
    assert Notification.objects.filter(kind="survey.low_rating").count() == 1
    # Raised above the threshold: the follow-up nobody did is withdrawn.
    rate(seller_owner, resolved, 4)
    assert Rating.objects.get().followup == ""


def test_the_low_score_is_a_setting(resolved, seller_owner, lead_ss, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "SURVEY_LOW_SCORE": 3}
    rate(seller_owner, resolved, 3)
    assert Rating.objects.get().followup == "needed"


def test_the_lead_marks_the_follow_up_done(resolved, seller_owner, lead_ss, agent_ss, operator):
    rating = rate(seller_owner, resolved, 1)
    assert list(selectors.followups_open_for(lead_ss)) == [rating]
    assert list(selectors.followups_open_for(operator)) == [rating]
    assert not selectors.followups_open_for(agent_ss).exists()
    with pytest.raises(Forbidden):
        surveys.rating_followup_complete(actor=agent_ss, rating=rating, note="called")
    with pytest.raises(ValidationFailed) as exc:
        surveys.rating_followup_complete(actor=lead_ss, rating=rating, note="  ")
    assert exc.value.errors[0].field == "note"
    surveys.rating_followup_complete(actor=lead_ss, rating=rating, note="Called the seller.")
    rating.refresh_from_db()
    assert rating.followup == "done" and rating.followup_done_by == lead_ss
    event = AuditEvent.objects.get(action="rating.followup_done")
    assert event.actor == lead_ss and event.internal
    assert event.before == {"followup": "needed"}
    assert event.after == {"followup": "done", "followup_note": "Called the seller."}
    assert not selectors.followups_open_for(lead_ss).exists()
    with pytest.raises(Conflict):
        surveys.rating_followup_complete(actor=lead_ss, rating=rating, note="again")


def test_followups_of_other_teams_are_not_a_leads(resolved, seller_owner, agent_ah, seller2_owner):
    rate(seller_owner, resolved, 1)
    for user in (agent_ah, seller_owner, seller2_owner):
        assert not selectors.followups_open_for(user).exists()


def test_reading_the_rating_goes_through_the_cases_visibility(
    resolved, seller_owner, seller2_owner, agent_ss, agent_ah
):
    from sellerdesk.lib.errors import NotFound

    rate(seller_owner, resolved, 5)
    assert selectors.rating_get_for(agent_ss, resolved.number)[1].score == 5
    for user in (seller2_owner, agent_ah):
        with pytest.raises(NotFound):
            selectors.rating_get_for(user, resolved.number)


def test_scores_for_cases_reads_them_in_one_query(
    resolved, make_case, seller_owner, django_assert_num_queries
):
    rate(seller_owner, resolved, 4)
    other = make_case()
    with django_assert_num_queries(1):
        assert selectors.scores_for_cases([resolved.pk, other.pk]) == {resolved.pk: 4}
    assert selectors.scores_for_cases([]) == {}
