"""Immediate alerts (a metric crossing its target, or forecast to) and the weekly digest on
Monday 09:00 in each member's own time zone, once a week; each member chooses what they get."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sellerdesk.accounts import services as accounts
from sellerdesk.health import alerts, digest
from sellerdesk.notifications.models import Notification
from sellerdesk.notifications.services import notification_preference_set

from ..conftest import make_user
from .conftest import metrics_for

DAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def la_member(seller_a):
    user = make_user("ops@a.example", "seller", language="en", time_zone="America/Los_Angeles")
    accounts.seller_member_add(actor=None, seller=seller_a, user=user, role="operations")
    return user


def notices(kind, user=None, channel="in_app"):
    qs = getattr(Notification.objects, "emails" if channel == "email" else "in_app")()
    qs = qs.filter(kind=kind)
    if user is not None:
        qs = qs.filter(recipient=user)
    return list(qs.order_by("created_at", "id"))


# --- crossing alerts -------------------------------------------------------------------------


def test_alert_when_a_metric_crosses_its_target_once(evaluate, seller_owner, la_member):
    d1, d2, d3 = DAY, DAY + timedelta(1), DAY + timedelta(2)
    evaluate(d1, metrics_for(d1))
    assert notices("health.metric_alert") == []
    evaluate(d2, metrics_for(d2, late_shipment_rate_10d=0.05))
    zh, en = notices("health.metric_alert", seller_owner), notices("health.metric_alert", la_member)
    assert len(zh) == len(en) == 1
    assert "迟发率" in zh[0].subject and "4 %" in zh[0].body
    assert "Late shipment rate (10 days) missed its target" in en[0].subject
    assert "Confirm shipment before the ship-by date" in en[0].body
    # Still beyond the next day: no new crossing. Re-running the day: no duplicate.
    evaluate(d3, metrics_for(d3, late_shipment_rate_10d=0.05))
    evaluate(d2, metrics_for(d2, late_shipment_rate_10d=0.05))
    assert len(notices("health.metric_alert")) == 2
    # Emails too, for those who accept them.
    assert len(notices("health.metric_alert", channel="email")) == 2


def test_forecast_alert_says_when_and_repeats_weekly_at_most(evaluate, seller_owner, la_member):
    # +0.2 points a day. With three points (Wednesday) the line reaches 4 % in 10 days.
    rates = [0.016, 0.018, 0.020, 0.022, 0.024, 0.026, 0.028, 0.030]
    for i, rate in enumerate(rates[:7]):  # Monday 2 to Sunday 8 March
        day = DAY + timedelta(days=i)
        evaluate(day, metrics_for(day, late_shipment_rate_10d=rate))
    (en,) = notices("health.forecast_alert", la_member)  # once that week, not every day
    assert (
        "At this trend, Late shipment rate (10 days) on US reaches 4 % in about 10 days "
        "(now 2 %)." in en.body
    )
    (zh,) = notices("health.forecast_alert", seller_owner)
    assert "按当前趋势" in zh.body and "约 10 天后将达到 4 %" in zh.body
    # The next week it is said again, closer.
    monday = DAY + timedelta(days=7)
    evaluate(monday, metrics_for(monday, late_shipment_rate_10d=rates[7]))
    latest = notices("health.forecast_alert", la_member)[-1]
    assert "reaches 4 % in about 5 days (now 3 %)." in latest.body
    assert notices("health.metric_alert") == []


def test_members_choose_what_they_receive(evaluate, seller_owner, la_member):
    notification_preference_set(
        user=la_member, kind="health.metric_alert", email=False, in_app=False
    )
    notification_preference_set(
        user=seller_owner, kind="health.metric_alert", email=False, in_app=True
    )
    evaluate(DAY, metrics_for(DAY, valid_tracking_rate=0.9))
    assert notices("health.metric_alert", la_member) == []
    assert len(notices("health.metric_alert", seller_owner)) == 1
    assert notices("health.metric_alert", seller_owner, channel="email") == []


# --- the weekly digest ---------------------------------------------------------------------------


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "due"),
    [
        (utc(2026, 3, 2, 1, 0), "Asia/Shanghai", True),  # Monday 09:00 in Shanghai
        (utc(2026, 3, 2, 1, 59), "Asia/Shanghai", True),
        (utc(2026, 3, 2, 0, 59), "Asia/Shanghai", False),  # 08:59
        (utc(2026, 3, 2, 2, 0), "Asia/Shanghai", False),  # 10:00
        (utc(2026, 3, 9, 1, 0), "America/Los_Angeles", False),  # Sunday 18:00 there
        (utc(2026, 3, 2, 17, 0), "America/Los_Angeles", True),  # PST: 09:00
        (utc(2026, 3, 9, 16, 0), "America/Los_Angeles", True),  # PDT since 8 March: 09:00
        (utc(2026, 3, 9, 17, 0), "America/Los_Angeles", False),  # PDT: 10:00
        (utc(2026, 3, 2, 3, 30), "Asia/Kolkata", True),  # +05:30
        (utc(2026, 3, 2, 1, 0), "Not/AZone", False),  # unknown zone reads as UTC
        (utc(2026, 3, 2, 9, 0), "Not/AZone", True),
    ],
)
def test_digest_hour_in_the_members_zone(now, zone, due):
    assert digest.in_digest_hour(now, zone, weekday=0, hour=9) is due


def test_week_key_is_the_local_iso_week():
    # Sunday 20:00 UTC is already Monday in Shanghai: a new week there, not in London.
    now = utc(2026, 3, 8, 20, 0)
    assert digest.week_key(now, "Asia/Shanghai") == "2026-W11"
    assert digest.week_key(now, "Europe/London") == "2026-W10"


@pytest.fixture
def measured(evaluate, seller_a):
    last_week = DAY - timedelta(days=8)
    evaluate(last_week, metrics_for(last_week))
    evaluate(DAY - timedelta(days=1), metrics_for(DAY, late_shipment_rate_10d=0.06))


def test_digest_goes_at_09_local_once_a_week(measured, seller_owner, la_member):
    # Monday 09:05 in Shanghai: only the Shanghai member.
    assert alerts.digests_send(now=utc(2026, 3, 2, 1, 5)) == 1  # one notice: in-app + email
    assert len(notices("health.weekly_digest", seller_owner)) == 1
    assert notices("health.weekly_digest", la_member) == []
    # The hourly task runs again in the same hour (or twice): nothing new.
    assert alerts.digests_send(now=utc(2026, 3, 2, 1, 35)) == 0
    # Monday 09:05 in Los Angeles (PST): only the LA member.
    assert alerts.digests_send(now=utc(2026, 3, 2, 17, 5)) == 1
    assert len(notices("health.weekly_digest", la_member)) == 1
    assert len(notices("health.weekly_digest", seller_owner)) == 1
    # Any other hour of the week: nobody.
    for hour in range(24 * 6):
        now = utc(2026, 3, 3, 0, 5) + timedelta(hours=hour)
        assert alerts.digests_send(now=now) == 0, now
    # The next Monday: one more each.
    alerts.digests_send(now=utc(2026, 3, 9, 1, 5))
    alerts.digests_send(now=utc(2026, 3, 9, 16, 5))  # PDT now
    assert len(notices("health.weekly_digest", seller_owner)) == 2
    assert len(notices("health.weekly_digest", la_member)) == 2


def test_digest_content(measured, seller_owner, la_member):
    alerts.digests_send(now=utc(2026, 3, 2, 17, 5))
    (en,) = notices("health.weekly_digest", la_member)
    assert en.subject == "[sellerdesk] Weekly account health: A1SELLER 938 (Healthy)"
    assert "Change since a week earlier: -62." in en.body
    assert "Late shipment rate (10 days) on US: 6 %" in en.body
    assert en.link == "/health/A1SELLER"
    alerts.digests_send(now=utc(2026, 3, 2, 1, 5))
    (zh,) = notices("health.weekly_digest", seller_owner)
    assert zh.subject == "[sellerdesk] 每周账户健康：A1SELLER 938（健康）"


def test_digest_preference_off(measured, seller_owner):
    notification_preference_set(
        user=seller_owner, kind="health.weekly_digest", email=False, in_app=False
    )
    assert alerts.digests_send(now=utc(2026, 3, 2, 1, 5)) == 0


def test_no_digest_without_a_snapshot(seller_owner):
    assert alerts.digests_send(now=utc(2026, 3, 2, 1, 5)) == 0
