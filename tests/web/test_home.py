"""The seller's Home: each account's health band and score linking to Account Health, and what
needs the seller's action (account causes, requests for information, a support restriction),
only ever the seller's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import resolve, reverse

from sellerdesk.cases import abuse
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import SupportRestriction
from sellerdesk.health import services as health
from sellerdesk.web.views import home as home_view
from tests.health.conftest import at, metrics_for

DAY = date(2026, 3, 2)


def _evaluate(day, values):
    health.health_record(as_of=day, metric_values=values, now=at(day))


@pytest.fixture
def deactivated(seller_a, operator):
    health.violation_create(
        actor=operator,
        seller_code="A1SELLER",
        marketplace="US",
        kind="authenticity",
        severity="critical",
        detected_at=at(DAY - timedelta(days=1)),
        asin="B012345678",
        now=at(DAY),
    )
    _evaluate(DAY, metrics_for(DAY))


def test_home_is_the_web_apps_and_keeps_its_name():
    assert reverse("home") == "/"
    assert resolve("/").func is home_view.home


def test_band_and_score_link_to_account_health(as_user, seller_owner):
    _evaluate(DAY, metrics_for(DAY))
    seller_owner.language = "en"
    seller_owner.save()
    html = as_user(seller_owner).get("/").content.decode()
    seller = seller_owner.seller_memberships.get().seller
    seller.refresh_from_db()
    assert seller.health_band == "healthy" and seller.health_score is not None
    assert 'id="home-health"' in html and 'href="/health/A1SELLER"' in html
    assert "Healthy" in html and f"<strong>{seller.health_score}</strong>" in html
    assert "as of 2026-03-02" in html
    assert "Nothing needs your action." in html


def test_an_account_never_evaluated_says_so(as_user, seller2_owner):
    html = as_user(seller2_owner).get("/").content.decode()
    assert "Not evaluated yet" in html and 'href="/health/B2SELLER"' in html


def test_an_active_cause_needs_action_and_links_to_the_status_page(
    as_user, seller_owner, seller2_owner, deactivated
):
    html = as_user(seller_owner).get("/").content.decode()
    assert "严重政策违规" in html  # the cause's reason, in the seller's language
    assert 'href="/health/A1SELLER/status"' in html
    assert "停用" in html or "Deactivation" in html
    # Another seller sees none of it.
    other = as_user(seller2_owner).get("/").content.decode()
    assert "严重政策违规" not in other and "/health/A1SELLER" not in other


def test_a_request_for_information_needs_action(
    as_user, seller_owner, seller2_owner, agent_ss, make_case
):
    case = make_case(subject="需要回复的案例")
    quiet = make_case(subject="不需要回复", fields={"order_id": "114-1234567-1234567"})
    cases.case_message_add(
        actor=agent_ss, case=case, body="Please send the invoice.", request_info=True
    )
    html = as_user(seller_owner).get("/").content.decode()
    section = html[
        html.index('id="home-needs-action"') : html.index(
            "</section>", html.index('id="home-needs-action"')
        )
    ]
    assert f"/cases/{case.number}" in section
    assert f"/cases/{quiet.number}" not in section
    assert f"/cases/{case.number}" not in as_user(seller2_owner).get("/").content.decode()


def test_a_support_restriction_needs_action(as_user, seller_owner, seller_a):
    now = datetime.now(UTC)
    SupportRestriction.objects.create(
        seller=seller_a,
        rule=abuse.AbuseRule().name,
        counted=5,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=29),
    )
    html = as_user(seller_owner).get("/").content.decode()
    assert 'href="#restriction-notice"' in html and 'id="restriction-notice"' in html


def test_staff_go_to_the_console(as_user, agent_ss):
    response = as_user(agent_ss).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("console")


def test_home_reads_a_fixed_number_of_statements(
    as_user, seller_owner, make_case, django_assert_max_num_queries
):
    for i in range(8):
        make_case(subject=f"case {i}", fields={"order_id": f"11{i}-1234567-1234567"})
    client = as_user(seller_owner)
    client.get("/")
    with django_assert_max_num_queries(20):
        client.get("/")
