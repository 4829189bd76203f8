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
