"""The seller portal in a real browser: Home says what needs the seller's action, the duplicate
warning's "This is a different problem" opens the case (and the agent sees that the seller said
so), and My cases finds a case by #number. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case

from .test_case_journey import _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_duplicate_override_and_search(
    live_server, browser, screenshot, seller_owner, agent_ss, make_case
):
    from playwright.sync_api import expect

    base = live_server.url
    problems: list[str] = []
    first = make_case(subject="买家称未收到货物", fields={"order_id": "113-7654321-7654321"})
    cases.case_message_add(
        actor=agent_ss, case=first, body="Please send the tracking proof.", request_info=True
    )

    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.on("pageerror", lambda error: problems.append(f"js error {error}"))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None,
    )
    _sign_in(page, base, seller_owner.email)
    # Home: the request for information is listed under what needs the seller's action.
    action = page.locator("#home-needs-action")
    expect(action.locator(f"a[href='/cases/{first.number}']")).to_be_visible()
    expect(page.locator("#home-health a[href='/health/A1SELLER']")).to_be_visible()
    screenshot(page, "portal-01-home-needs-action")

    # The same order again: the duplicate warning, then "This is a different problem".
    page.goto(f"{base}/help/support/order-fulfilment")
    page.select_option("#id_site", "US")
    page.fill("#id_subject", "同一订单的退货损坏")
    page.fill("#id_description", "买家退回的商品在运输中损坏了，需要申请赔偿。")
    page.fill("#id_fields_order_id", "113-7654321-7654321")
    page.get_by_role("button", name="提交案例").click()
    expect(page.locator("#duplicate-notice")).to_be_visible()
    assert Case.objects.count() == 1
    screenshot(page, "portal-02-duplicate-warning")
    page.locator("#not-duplicate").click()
    expect(page.locator(".case-head h1")).to_have_text("同一订单的退货损坏")
    second = Case.objects.exclude(pk=first.pk).get()
    screenshot(page, "portal-03-override-submitted")

    # My cases finds it by #number.
    page.goto(f"{base}/cases")
    page.fill("#id_q", f"#{second.number}")
    page.locator("#case-filters button[type=submit]").click()
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    expect(page.locator("table.table tbody tr")).to_contain_text(str(second.number))
    screenshot(page, "portal-04-my-cases-search")

    # The agent sees that the seller said it differs from the first case.
    agent_ctx = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    agent = agent_ctx.new_page()
    _sign_in(agent, base, agent_ss.email)
    agent.goto(f"{base}/console/cases/{second.number}")
    note = agent.locator("li.msg.internal", has_text=f"#{first.number}")
    expect(note).to_be_visible()
    screenshot(agent, "portal-05-agent-sees-override")
    assert problems == []
