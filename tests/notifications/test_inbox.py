from sellerdesk.cases import services as cases
from sellerdesk.notifications.models import Notification


def test_in_app_inbox_and_unread_count(make_case, agent_ss, seller_owner, client):
    case = make_case()
    cases.case_message_add(actor=agent_ss, case=case, body="我们已处理")
    client.force_login(seller_owner)
    page = client.get("/notifications")
    assert page.status_code == 200
    html = page.content.decode()
    assert "支持团队已回复" in html and f"/cases/{case.number}" in html
    assert page.context["unread_notifications"] == 1
    assert client.post("/notifications/read").status_code == 302
    assert not Notification.objects.in_app().filter(read_at__isnull=True).exists()


def test_inbox_shows_only_my_notifications(make_case, agent_ss, seller2_owner, client):
    cases.case_message_add(actor=agent_ss, case=make_case(), body="private")
    client.force_login(seller2_owner)
    assert "private" not in client.get("/notifications").content.decode()


def test_inbox_needs_sign_in(client, db):
    assert client.get("/notifications").status_code == 302


def test_an_email_only_notice_stays_out_of_the_inbox(make_case, agent_ss, seller_owner, client):
    from sellerdesk.notifications.services import (
        notification_preference_set,
        notifications_mark_read,
    )

    notification_preference_set(
        user=seller_owner, kind="case.agent_reply", email=True, in_app=False
    )
    cases.case_message_add(actor=agent_ss, case=make_case(), body="by mail only")
    notice = Notification.objects.get(recipient=seller_owner)
    assert notice.channels() == ["email"]
    client.force_login(seller_owner)
    page = client.get("/notifications")
    assert "by mail only" not in page.content.decode()
    assert page.context["unread_notifications"] == 0
    assert notifications_mark_read(user=seller_owner) == 0
    notice.refresh_from_db()
    assert notice.read_at is None


def _notices(user, count):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now()
    return [
        Notification.objects.create(
            recipient=user,
            kind="test.notice",
            stored_subject=f"Notice number {i:03d}",
            stored_body="body",
            status=Notification.Status.NONE,
            created_at=start - timedelta(minutes=i),
        )
        for i in range(count)
    ]


def test_inbox_pages(seller_owner, client, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "PAGE_SIZE": 10}
    _notices(seller_owner, 25)
    client.force_login(seller_owner)
    first = client.get("/notifications").content.decode()
    assert "Notice number 000" in first and "Notice number 009" in first
    assert "Notice number 010" not in first and "?page=2" in first
    third = client.get("/notifications?page=3").content.decode()
    assert "Notice number 024" in third and "Notice number 019" not in third
    assert "Notice number 024" in client.get("/notifications?page=99").content.decode()


def test_one_notice_is_marked_read_by_its_recipient_only(seller_owner, seller2_owner, client):
    mine, other = _notices(seller_owner, 2)
    client.force_login(seller2_owner)
    assert client.post(f"/notifications/{mine.pk}/read").status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(seller_owner)
    response = client.post(f"/notifications/{mine.pk}/read", {"next": "/notifications?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications?page=1"
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    page = client.get("/notifications")
    assert page.context["unread_notifications"] == 1
    assert f"/notifications/{other.pk}/read" in page.content.decode()
    assert f"/notifications/{mine.pk}/read" not in page.content.decode()
    # Off-site "next" is ignored.
    response = client.post(f"/notifications/{other.pk}/read", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications"
