"""The Seller University pages: who may open them, HTMX fragments, the suggestions on the
new-case form, feedback and completion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sellerdesk.knowledge import services
from sellerdesk.knowledge.models import Article, ArticleCompletion
from sellerdesk.knowledge.training import services as training_services

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(make_article, make_event):
    article = make_article("Appeal letters", "appeal")
    event = make_event()
    anonymous = Client()
    for url in [
        "/university/",
        f"/university/articles/{article.pk}",
        "/university/search?q=appeal",
        "/university/suggest?subject=appeal",
        "/university/training",
        f"/university/training/{event.pk}/event.ics",
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_seller_pages_render(make_article, make_event, client_for, seller_owner):
    article = make_article("Appeal letters", "appeal", category="appeals")
    event = make_event()
    client = client_for(seller_owner)
    for url in [
        "/university/",
        "/university/?lang=all",
        "/university/c/appeals",
        f"/university/articles/{article.pk}",
        "/university/search?q=appeal",
        "/university/training",
        f"/university/training/{event.pk}",
        "/university/training/mine",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/university/c/nope").status_code == 404
    assert client.get("/university/articles/999999").status_code == 404


def test_staff_pages_are_for_staff(make_event, client_for, seller_owner, agent_ss):
    event = make_event()
    urls = [
        "/university/staff/deflection",
        "/university/staff/training-stats",
        f"/university/staff/training/{event.pk}",
    ]
    for url in urls:
        assert client_for(seller_owner).get(url).status_code == 403, url
        assert client_for(agent_ss).get(url).status_code == 200, url


def test_live_search_returns_a_fragment(make_article, client_for, seller_owner):
    make_article("Late shipment rate", "Confirm shipments the same day.")
    response = client_for(seller_owner).get(
        "/university/search",
        {"q": "shipping lat"},  # an unfinished word while typing
        headers={"HX-Request": "true", "HX-Target": "kb-results"},
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Late shipment rate" in page.replace("<mark>", "").replace("</mark>", "")


def test_case_form_asks_for_suggestions(client_for, seller_owner):
    page = client_for(seller_owner).get("/help/support/order-fulfilment").content.decode()
    assert 'id="kb-suggestions"' in page
    assert "/university/suggest?case_type=order-fulfilment" in page
    assert 'hx-include="#id_subject"' in page
    choose = client_for(seller_owner).get("/help/support").content.decode()
    assert 'id="kb-suggest-q"' in choose


def test_suggestions_fragment(make_article, client_for, seller_owner, agent_ss):
    article = make_article(
        "迟发率", "迟发率说明。", language="zh-hans", case_types=["order-fulfilment"]
    )
    client = client_for(seller_owner)
    page = client.get(
        "/university/suggest", {"subject": "迟发率太高", "case_type": "order-fulfilment"}
    ).content.decode()
    assert f"/university/articles/{article.pk}?suggested=1&amp;case_type=order-fulfilment" in page
    # The case type alone (page load, nothing typed yet) already suggests its articles.
    page = client.get("/university/suggest", {"case_type": "order-fulfilment"}).content.decode()
    assert f"/university/articles/{article.pk}" in page
    assert client.get("/university/suggest", {"subject": "zzqxv"}).content.strip() == b""
    assert client_for(agent_ss).get("/university/suggest").status_code == 403


def test_feedback_and_completion(make_article, client_for, seller_owner):
    article = make_article("Appeal letters", "appeal")
    client = client_for(seller_owner)
    url = f"/university/articles/{article.pk}"
    client.post(f"{url}/feedback", {"helpful": "yes"})
    response = client.post(f"{url}/feedback", {"helpful": "no"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    client.post(f"{url}/complete")
    client.post(f"{url}/complete")
    client.get(url)
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no, article.learner_count) == (0, 1, 1)
    assert article.view_count == 1
    assert ArticleCompletion.objects.filter(article=article).count() == 1


def test_a_read_article_shows_its_views_and_learners(make_article, client_for, seller2_owner):
    article = make_article("Shipping settings", "How to set shipping templates.")
    client = client_for(seller2_owner)  # reads English
    url = f"/university/articles/{article.pk}"
    first = client.get(url)
    assert first.context["article"].view_count == 1
    assert "1 view" in first.content.decode() and "0 views" not in first.content.decode()
    client.post(f"{url}/complete")
    again = client.get(url).content.decode()
    assert "2 views" in again and "1 learner" in again and "0 learners" not in again
    category = client.get(f"/university/c/{article.category.code}").content.decode()
    assert "2 views" in category


def test_register_and_cancel_through_the_pages(make_event, client_for, seller_owner, seller_member):
    event = make_event(capacity=1)
    client_for(seller_owner).post(f"/university/training/{event.pk}/register")
    page = (
        client_for(seller_member)
        .post(f"/university/training/{event.pk}/register", follow=True)
        .content.decode()
    )
    assert "waiting list" in page.lower() or "候补" in page
    registration = event.registrations.get(user=seller_owner)
    other = client_for(seller_member).post(f"/university/registrations/{registration.pk}/cancel")
    assert other.status_code == 404  # not theirs
    client_for(seller_owner).post(f"/university/registrations/{registration.pk}/cancel")
    assert event.registrations.get(user=seller_member).status == "confirmed"


def test_a_started_event_offers_no_cancel_and_refuses_one(make_event, client_for, seller_owner):
    from datetime import timedelta

    from django.utils import timezone

    event = make_event(capacity=3)
    registration = training_services.registration_create(actor=seller_owner, event=event)
    client = client_for(seller_owner)
    cancel_url = f"/university/registrations/{registration.pk}/cancel"
    assert cancel_url in client.get("/university/training/mine").content.decode()
    start = timezone.now() - timedelta(minutes=10)
    event.__class__.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    assert cancel_url not in client.get("/university/training/mine").content.decode()
    client.post(cancel_url)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_attendance_through_the_staff_page(make_event, seller_owner, agent_ss, client_for):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(minutes=10)
    event = make_event(capacity=3)
    registration = training_services.registration_create(actor=seller_owner, event=event)
    event.__class__.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    client_for(agent_ss).post(
        f"/university/staff/registrations/{registration.pk}/attendance", {"attended": "yes"}
    )
    registration.refresh_from_db()
    assert registration.attended is True


def test_attachments_are_served_only_to_signed_in_readers(
    make_article, client_for, seller_owner, operator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = make_article("With a file", "x")
    attachment = services.attachment_add(
        actor=operator,
        article=article,
        upload=SimpleUploadedFile("checklist.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    url = f"/university/attachments/{attachment.pk}"
    assert Client().get(url).status_code == 302
    response = client_for(seller_owner).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["X-Content-Type-Options"] == "nosniff"
    services.article_update(actor=operator, article=article, status=Article.Status.DRAFT)
    assert client_for(seller_owner).get(url).status_code == 404


def test_attachment_types_and_authors_are_checked(make_article, seller_owner, operator):
    from sellerdesk.lib.errors import Forbidden, ValidationFailed

    article = make_article("With a file", "x")
    with pytest.raises(ValidationFailed):
        services.attachment_add(
            actor=operator,
            article=article,
            upload=SimpleUploadedFile("run.html", b"<script>", "text/html"),
        )
    with pytest.raises(Forbidden):
        services.attachment_add(
            actor=seller_owner,
            article=article,
            upload=SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf"),
        )


def test_operators_write_articles_in_the_admin_through_the_services(db):
    from sellerdesk.accounts.models import User
    from sellerdesk.audit.models import AuditEvent
    from sellerdesk.knowledge import selectors
    from sellerdesk.knowledge.models import Category
    from tests.conftest import make_user

    admin = make_user("root@desk.example", "operator")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    admin.refresh_from_db()
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/knowledge/article/add/").status_code == 200
    response = client.post(
        "/admin/knowledge/article/add/",
        {
            "key": "admin-made",
            "language": "en",
            "category": Category.objects.get(code="support").pk,
            "status": "published",
            "position": 10,
            "title": "Quokka handling guide",
            "summary": "",
            "body": "How to handle **quokkas**.",
            "tags": "quokka",
            "video_url": "",
            "case_types": [],
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    article = Article.objects.get(key="admin-made")
    assert AuditEvent.objects.filter(action="kb.article.created", object_id=str(article.pk))
    assert [h.article for h in selectors.search_articles("quokkas").hits] == [article]
    change = f"/admin/knowledge/article/{article.pk}/change/"
    assert client.get(change).status_code == 200


def test_staff_schedule_events_in_the_admin_through_the_services(db):
    from sellerdesk.accounts.models import User
    from sellerdesk.audit.models import AuditEvent
    from sellerdesk.knowledge.models import TrainingEvent
    from tests.conftest import make_user

    admin = make_user("root@desk.example", "operator")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(User.objects.get(pk=admin.pk))
    data = {
        "kind": "salon",
        "title_en": "Salon",
        "title_zh": "沙龙",
        "description_en": "",
        "description_zh": "",
        "language": "zh-hans",
        "starts_at_0": "2030-05-01",
        "starts_at_1": "06:00:00",
        "ends_at_0": "2030-05-01",
        "ends_at_1": "09:00:00",
        "time_zone": "Asia/Shanghai",
        "city": "宁波",
        "venue": "鄞州区",
        "join_url": "",
        "host": "",
        "capacity": "30",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/knowledge/trainingevent/add/", data)
    assert response.status_code == 302, response.content[:3000]
    event = TrainingEvent.objects.get(title_en="Salon")
    assert AuditEvent.objects.filter(action="training.event.created", object_id=str(event.pk))
    data["capacity"] = "40"
    response = client.post(f"/admin/knowledge/trainingevent/{event.pk}/change/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 40


def test_suggestions_do_not_wait_for_jiebas_first_load(
    make_article, client_for, seller_owner, monkeypatch
):
    from sellerdesk.knowledge import text

    typed = make_article("配送帮助", "x", language="zh-hans", case_types=["order-fulfilment"])
    warmed = []
    monkeypatch.setattr(text, "jieba_ready", lambda: False)
    monkeypatch.setattr(text, "jieba_warm_in_background", lambda: warmed.append(True))
    page = client_for(seller_owner).get(
        "/university/suggest", {"subject": "买家称未收到货物", "case_type": "order-fulfilment"}
    )
    assert f"/university/articles/{typed.pk}" in page.content.decode()
    assert warmed == [True]


def test_city_filter_names_cities_in_the_readers_language(
    make_event, client_for, seller_owner, seller2_owner
):
    make_event(city="深圳")
    make_event(city="杭州")
    make_event(city="Gotham")  # a city not in the catalogue shows as typed
    english = client_for(seller2_owner).get("/university/training")
    options = english.content.decode().split('name="city"')[1].split("</select>")[0]
    assert '<option value="深圳">Shenzhen</option>' in options
    assert '<option value="杭州">Hangzhou</option>' in options
    assert '<option value="Gotham">Gotham</option>' in options
    assert "深圳</option>" not in options and "杭州</option>" not in options
    # The filter still works on the stored value, and the table names the city in English.
    filtered = client_for(seller2_owner).get("/university/training", {"city": "深圳"})
    assert [e.city for e, _ in filtered.context["events"]] == ["深圳"]
    table = filtered.content.decode().split("<tbody>")[1]
    assert "Shenzhen" in table and "深圳" not in table
    chinese = client_for(seller_owner).get("/university/training").content.decode()
    assert '<option value="深圳">深圳</option>' in chinese
