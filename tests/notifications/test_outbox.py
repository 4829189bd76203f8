from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.cases import services as cases
from sellerdesk.notifications import policy
from sellerdesk.notifications.models import Notification
from sellerdesk.notifications.rendering import render_notification
from sellerdesk.notifications.services import (
    notification_preference_set,
    notifications_deliver_due,
    notifications_mark_read,
)


def test_retry_delay_grows_and_is_capped():
    delays = [policy.retry_delay(n, base_seconds=30, max_seconds=3600) for n in range(1, 10)]
    assert [d.total_seconds() for d in delays[:4]] == [30, 60, 120, 240]
    assert max(delays) == timedelta(hours=1)
    now = timezone.now()
    assert policy.next_attempt(now, 12, max_attempts=12, base_seconds=30, max_seconds=60) is None


def test_agent_reply_queues_email_and_in_app_for_the_seller_in_their_language(
    make_case, agent_ss, seller_owner
):
    case = make_case()
    cases.case_message_add(actor=agent_ss, case=case, body="We refunded the buyer.")
    email = Notification.objects.get(recipient=seller_owner)  # one row, both channels
    assert email.channels() == ["email", "in_app"]
    assert email.status == "pending" and email.kind == "case.agent_reply"
    assert "支持团队已回复" in email.subject and "We refunded the buyer." in email.body


def test_internal_notes_notify_nobody(make_case, agent_ss):
    case = make_case()
    cases.case_message_add(actor=agent_ss, case=case, body="secret", internal=True)
    assert not Notification.objects.exists()


def test_seller_reply_notifies_the_assignee(make_case, agent_ss, seller_owner):
    case = make_case()
    cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    cases.case_message_add(actor=seller_owner, case=case, body="更多信息")
    row = Notification.objects.emails().get(recipient=agent_ss)
    assert row.kind == "case.seller_reply" and "更多信息" in row.body


def test_preferences_choose_channels(make_case, agent_ss, seller_owner):
    notification_preference_set(
        user=seller_owner, kind="case.agent_reply", email=False, in_app=True
    )
    cases.case_message_add(actor=agent_ss, case=make_case(), body="hi")
    notice = Notification.objects.get()
    assert notice.channels() == ["in_app"] and notice.status == "none"
    assert notifications_deliver_due() == 0 and not notice.emailed


def test_english_fallback_when_a_translation_is_missing():
    subject, body = render_notification(
        "case.resolved", "ja", {"case": {"number": 1, "subject": "s"}, "reopen_days": 14}
    )
    assert subject == "[sellerdesk] Case 1 is resolved"


def test_mark_read(make_case, agent_ss, seller_owner):
    cases.case_message_add(actor=agent_ss, case=make_case(), body="hi")
    assert notifications_mark_read(user=seller_owner) == 1
    assert notifications_mark_read(user=seller_owner) == 0


def test_delivery_through_a_real_smtp_server(smtp, make_case, agent_ss, seller_owner):
    cases.case_message_add(actor=agent_ss, case=make_case(), body="Refund issued.")
    assert notifications_deliver_due() == 1
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["to"] == [seller_owner.email]
    assert "Refund issued." in smtp.messages[0]["body"]
    assert "/cases/" in smtp.messages[0]["body"]
    assert Notification.objects.emails().get().status == "sent"


def test_a_notice_survives_an_smtp_outage_and_arrives_exactly_once(
    smtp, make_case, agent_ss, seller_owner
):
    smtp.stop()
    case = make_case()
    cases.case_resolve(actor=agent_ss, case=case, body="已退款")
    now = timezone.now()
    assert notifications_deliver_due(now=now) == 0
    row = Notification.objects.emails().get()
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    # Still down at the next try: another failure, a longer wait.
    assert notifications_deliver_due(now=row.next_attempt_at) == 0
    row.refresh_from_db()
    assert row.attempts == 2

    smtp.start()
    assert notifications_deliver_due(now=row.next_attempt_at - timedelta(seconds=1)) == 0
    assert smtp.messages == []
    assert notifications_deliver_due(now=row.next_attempt_at) == 1
    assert notifications_deliver_due(now=row.next_attempt_at + timedelta(hours=2)) == 0
    assert len(smtp.messages) == 1
    assert "已解决" in smtp.messages[0]["subject"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_send_each_email_once(smtp, make_case, agent_ss):
    import threading

    from django.db import connection

    for i in range(10):
        cases.case_message_add(actor=agent_ss, case=make_case(subject=f"c{i}"), body="reply")
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            notifications_deliver_due()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(smtp.messages) == 10
    assert Notification.objects.emails().filter(status="sent").count() == 10


def test_an_unknown_channel_is_refused(agent_ss):
    from sellerdesk.notifications.services import notify

    with pytest.raises(ValueError, match="sms"):
        notify(recipients=[agent_ss], kind="case.agent_reply", context={}, channels=("sms",))
    assert not Notification.objects.exists()
