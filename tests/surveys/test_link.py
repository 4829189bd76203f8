"""The emailed link: no sign-in, signed, expiring, for one case's current resolution."""

import time

from django.test import Client
from django.urls import reverse

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.surveys.models import Rating
from sellerdesk.surveys.tokens import token_make

from .conftest import resolve


def url(token: str) -> str:
    return reverse("survey-rate", kwargs={"token": token})


def test_the_link_opens_without_signing_in(invited, web):
    case, token = invited
    response = web().get(url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{case.number}" in page and "Buyer says not received" in page
    assert 'name="score"' in page and 'name="csrfmiddlewaretoken"' in page


def test_rating_through_the_link_is_the_members(invited, web, seller_owner):
    case, token = invited
    response = web().post(url(token), {"score": "5", "comment": "很快 quick"})
    assert response.status_code == 200
    rating = Rating.objects.get(case=case)
    assert (rating.score, rating.comment, rating.channel) == (5, "很快 quick", "email")
    assert rating.rated_by == seller_owner and rating.resolved_at == case.resolved_at
    event = AuditEvent.objects.get(action="rating.recorded")
    assert event.actor == seller_owner and event.after["score"] == 5
    # The page opened again shows the rating, to change it.
    assert "5" in web().get(url(token)).content.decode()


def test_csrf_stays_on(invited):
    _, token = invited
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(token), {"score": "4"}).status_code == 403
    assert not Rating.objects.exists()


def test_a_bad_score_is_named_and_nothing_is_stored(invited, web):
    _, token = invited
    for bad in ("0", "6", "x", ""):
        response = web().post(url(token), {"score": bad})
        assert response.status_code == 422
        assert 'id="id_score-error"' in response.content.decode()
    assert not Rating.objects.exists()


def test_a_tampered_link_is_a_400_page(invited, web):
    _, token = invited
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, "nonsense", token + "x"):
        response = web().get(url(bad))
        assert response.status_code == 400
        assert "does not work" in response.content.decode()
    assert web().post(url(tampered), {"score": "1"}).status_code == 400
    assert not Rating.objects.exists()


def test_an_expired_link_is_a_410_page(resolved, seller_owner, web, monkeypatch, settings):
    days = settings.SELLERDESK["SURVEY_TOKEN_DAYS"]
    issued = time.time() - days * 86400 - 60
    monkeypatch.setattr(time, "time", lambda: issued)
    token = token_make(
        case_id=resolved.pk, resolved_at=resolved.resolved_at, user_id=seller_owner.pk
    )
    monkeypatch.undo()
    response = web().get(url(token))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert web().post(url(token), {"score": "3"}).status_code == 410
    assert not Rating.objects.exists()


def test_a_link_to_an_earlier_resolution_is_stale(invited, web, seller_owner, agent_ss):
    case, token = invited
    cases.case_reopen(actor=seller_owner, case=case)
    assert web().get(url(token)).status_code == 410  # open again
    resolve(case, agent_ss)
    response = web().post(url(token), {"score": "1"})
    assert response.status_code == 410 and "reopened" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_link_only_rates_its_own_case_and_member(resolved, make_case, seller2_owner, web):
    # A token for another seller's member does not open this seller's case.
    token = token_make(
        case_id=resolved.pk, resolved_at=resolved.resolved_at, user_id=seller2_owner.pk
    )
    assert web().post(url(token), {"score": "1"}).status_code == 400
    assert not Rating.objects.exists()
