"""The Account Health and Account Status pages, the staff overview and alert settings: who may
see what (another seller's pages are 404), and what each page says."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pypdf
import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from sellerdesk.health import services, urls
from sellerdesk.health.models import AccountCause
from sellerdesk.notifications.models import NotificationPreference

from .conftest import at, metrics_for

DAY = date(2026, 3, 2)


@pytest.fixture
def as_user(db):
    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def history(evaluate, seller_a):
    for i, rate in enumerate([0.01, 0.03, 0.05]):
        day = DAY + timedelta(days=i)
        evaluate(day, metrics_for(day, late_shipment_rate_10d=rate))


@pytest.fixture
def deactivated(evaluate, seller_a, operator):
    services.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="US",
        kind="authenticity",
        severity="critical",
        detected_at=at(DAY - timedelta(days=1)),
        asin="B012345678",
        now=at(DAY),
    )
    evaluate(DAY, metrics_for(DAY))
    return AccountCause.objects.get()


# --- every route ---------------------------------------------------------------------------

SAMPLE = {"code": "A1SELLER", "cause_id": 1}


def _routes():
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {k: v for k, v in SAMPLE.items() if f":{k}>" in str(pattern.pattern)}
        yield pattern.name, reverse(pattern.name, kwargs=kwargs)


ROUTES = list(_routes())


@pytest.mark.parametrize(("name", "url"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, db, name, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("name", "url"), [r for r in ROUTES if r[0] not in ("health-overview", "health-alerts")]
)
def test_another_seller_gets_404(as_user, seller_a, seller2_owner, name, url):
    assert as_user(seller2_owner).get(url).status_code == 404


def test_staff_may_not_use_seller_alert_settings(as_user, agent_ss):
    assert as_user(agent_ss).get(reverse("health-alerts")).status_code == 403


# --- the Account Health page -----------------------------------------------------------------


def test_seller_goes_straight_to_their_account(as_user, seller_owner, history):
    response = as_user(seller_owner).get("/health/")
    assert response.status_code == 302 and response["Location"] == "/health/A1SELLER"


def test_health_page_in_chinese(as_user, seller_owner, history):
    page = as_user(seller_owner).get("/health/A1SELLER").content.decode()
    assert "账户健康" in page
    assert "956" in page  # 5 % late against 4 %: −43.75
    assert "迟发率（10 天）" in page and "超出目标" in page
    assert "请在最晚发货日期前确认发货" in page  # what to do
    assert "<svg" in page and "<polyline" in page and page.count('class="dot"') == 3
    # Nothing loaded from elsewhere (a bare "cdn" could also turn up in the random CSRF token).
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_health_page_in_english_for_staff(as_user, agent_ah, history):
    page = as_user(agent_ah).get("/health/A1SELLER").content.decode()
    assert "Account health score" in page and "Late shipment rate (10 days)" in page
    assert "Beyond target" in page and "Alert settings" not in page


def test_forecast_on_the_page(as_user, seller2_owner, evaluate, seller_b):
    for i in range(3):  # on-time delivery falling a point a day towards 90 %
        day = DAY + timedelta(days=i)
        evaluate(day, metrics_for(day, seller="B2SELLER", on_time_delivery_rate=0.98 - 0.01 * i))
    page = as_user(seller2_owner).get("/health/B2SELLER").content.decode()
    assert "At this trend, On-time delivery rate on US reaches 90 % in about" in page


def test_page_before_the_first_evaluation(as_user, seller_owner):
    page = as_user(seller_owner).get("/health/A1SELLER").content.decode()
    assert "尚未评估" in page


def test_staff_overview_lists_lowest_first(as_user, operator, seller_b, deactivated):
    page = as_user(operator).get("/health/").content.decode()
    assert page.index("A1SELLER") < page.index("B2SELLER")  # 650 before no snapshot
    filtered = as_user(operator).get("/health/", {"band": "healthy"}).content.decode()
    assert "A1SELLER" not in filtered
    searched = as_user(operator).get("/health/", {"q": "hangzhou"}).content.decode()
    assert "B2SELLER" in searched and "A1SELLER" not in searched


def test_nav_links_to_account_health(as_user, seller_owner, agent_ss):
    assert 'href="/health/"' in as_user(seller_owner).get("/").content.decode()
    assert 'href="/health/"' in as_user(agent_ss).get("/console/").content.decode()


# --- the Account Status page -----------------------------------------------------------------


def test_status_page_tells_the_cause_and_how_to_appeal(as_user, seller_owner, deactivated):
    page = as_user(seller_owner).get("/health/A1SELLER/status").content.decode()
    assert "已停用" in page  # the status
    assert "严重政策违规" in page  # the reason
    assert "销售权限已被移除" in page  # the restriction
    assert "如何申诉" in page and "行动计划" in page
    assert f"/cases/{deactivated.case.number}" in page
    assert f"/health/A1SELLER/status/notice/{deactivated.pk}" in page
    health = as_user(seller_owner).get("/health/A1SELLER").content.decode()
    assert "查看原因及申诉方式" in health


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_notice_download_is_a_pdf_in_chinese_and_english(as_user, seller_owner, deactivated):
    response = as_user(seller_owner).get(f"/health/A1SELLER/status/notice/{deactivated.pk}")
    text = _pdf_text(response)
    assert "A1SELLER" in text and "深圳星辰贸易" in text
    assert "账户健康通知" in text and "严重政策违规" in text  # the seller's language
    assert "Account health notice" in text  # and English
    assert text.index("严重政策违规") < text.index("Account health notice")
    assert f"#{deactivated.case.number}" in text
    lifted = as_user(seller_owner).get("/health/A1SELLER/status/notice/999")
    assert lifted.status_code == 404


def test_notice_of_an_english_seller_is_in_english_once(as_user, seller_owner, deactivated):
    seller_owner.language = "en"
    seller_owner.save()
    text = _pdf_text(as_user(seller_owner).get(f"/health/A1SELLER/status/notice/{deactivated.pk}"))
    assert text.count("Account health notice") == 1 and "A1SELLER" in text
    assert "账户健康通知" not in text


def test_another_sellers_notice_is_not_found(as_user, seller2_owner, deactivated):
    response = as_user(seller2_owner).get(f"/health/A1SELLER/status/notice/{deactivated.pk}")
    assert response.status_code == 404


def test_status_page_of_a_normal_account(as_user, seller2_owner, seller_b):
    page = as_user(seller2_owner).get("/health/B2SELLER/status").content.decode()
    assert "good standing" in page


# --- alert settings ----------------------------------------------------------------------------


def test_alert_settings_save_each_kind(as_user, seller_owner):
    client = as_user(seller_owner)
    page = client.get("/health/alerts").content.decode()
    assert "每周账户健康摘要" in page and page.count('type="checkbox"') == 10
    response = client.post(
        "/health/alerts",
        {
            "health.metric_alert:email": "on",
            "health.metric_alert:in_app": "on",
            "health.weekly_digest:in_app": "on",
            "health.enforcement:email": "on",
            "health.enforcement:in_app": "on",
        },
    )
    assert response.status_code == 302
    prefs = {
        p.kind: (p.email, p.in_app)
        for p in NotificationPreference.objects.filter(user=seller_owner)
    }
    assert prefs == {
        "health.metric_alert": (True, True),
        "health.forecast_alert": (False, False),
        "health.weekly_digest": (False, True),
        "health.enforcement": (True, True),
        "health.cause_lifted": (False, False),
    }
    again = client.get("/health/alerts").content.decode()
    assert again.count("checked") == 5
