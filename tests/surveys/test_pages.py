"""The rating on the case pages: the seller's form on their resolved case, the staff's view
with the follow-up, and who may post what."""

from django.urls import reverse

from sellerdesk.surveys import services as surveys
from sellerdesk.surveys.models import Rating


def rate_url(case):
    return reverse("portal-case-rate", kwargs={"number": case.number})


def followup_url(case):
    return reverse("console-rating-followup", kwargs={"number": case.number})


def test_the_seller_rates_from_the_case_page(resolved, seller_owner, web):
    client = web(seller_owner)
    page = client.get(reverse("portal-case", kwargs={"number": resolved.number})).content.decode()
    assert rate_url(resolved) in page and 'name="score"' in page
    response = client.post(rate_url(resolved), {"score": "4", "comment": "谢谢"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.score, rating.channel, rating.rated_by) == (4, "app", seller_owner)
    page = client.get(reverse("portal-case", kwargs={"number": resolved.number})).content.decode()
    assert "谢谢" in page


def test_no_rating_form_on_an_open_case(make_case, seller_owner, web):
    case = make_case()
    page = web(seller_owner).get(reverse("portal-case", kwargs={"number": case.number}))
    assert rate_url(case) not in page.content.decode()


def test_a_bad_score_in_the_app_is_refused_with_a_message(resolved, seller_owner, web):
    response = web(seller_owner).post(rate_url(resolved), {"score": "9"}, follow=True)
    assert not Rating.objects.exists()
    assert response.status_code == 200 and "messages" in response.context


def test_another_seller_gets_a_404(resolved, seller2_owner, web):
    assert web(seller2_owner).post(rate_url(resolved), {"score": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_staff_cannot_post_a_rating(resolved, agent_ss, web):
    assert web(agent_ss).post(rate_url(resolved), {"score": "5"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(resolved, web):
    for url in (rate_url(resolved), followup_url(resolved)):
        response = web().post(url)
        assert response.status_code == 302 and response["Location"].startswith("/login?next=")


def console(client, case) -> str:
    return client.get(reverse("console-case", kwargs={"number": case.number})).content.decode()


def test_staff_see_the_rating_and_only_the_lead_the_follow_up_form(
    resolved, seller_owner, agent_ss, lead_ss, agent_ah, web
):
    surveys.rating_submit(
        actor=seller_owner, case=resolved, score=1, comment="没人回复", channel="app"
    )
    page = console(web(agent_ss), resolved)
    assert "没人回复" in page and followup_url(resolved) not in page
    assert followup_url(resolved) in console(web(lead_ss), resolved)
    # An agent of another team sees neither the case nor its follow-up.
    other = web(agent_ah)
    assert other.get(reverse("console-case", kwargs={"number": resolved.number})).status_code == 404
    assert other.post(followup_url(resolved), {"note": "x"}).status_code == 404
    assert web(agent_ss).post(followup_url(resolved), {"note": "x"}).status_code == 403
    assert web(seller_owner).post(followup_url(resolved), {"note": "x"}).status_code == 403
    response = web(lead_ss).post(followup_url(resolved), {"note": "Called them."})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.followup == "done" and rating.followup_note == "Called them."
    assert "Called them." in console(web(agent_ss), resolved)


def test_the_seller_never_sees_the_follow_up(resolved, seller_owner, web):
    surveys.rating_submit(actor=seller_owner, case=resolved, score=1, channel="app")
    page = web(seller_owner).get(reverse("portal-case", kwargs={"number": resolved.number}))
    assert "Follow-up" not in page.content.decode() and "跟进" not in page.content.decode()


def test_no_rating_form_on_a_case_closed_as_spam(make_case, agent_ss, seller_owner, web):
    from .conftest import resolve

    case = resolve(make_case(), agent_ss, close_reason="spam")
    page = web(seller_owner).get(reverse("portal-case", kwargs={"number": case.number}))
    assert rate_url(case) not in page.content.decode()
