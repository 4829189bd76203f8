"""The whole support journey in a real browser: a Chinese-speaking seller opens an order
fulfilment case from Help → Get support, an English-speaking Seller Support agent finds it in
the queue and replies, and the seller sees the reply. Screenshots of each step go to
test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

from sellerdesk.cases.models import Case
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; restoring the migrated rows (sites, teams, case
    # types) keeps later tests working after this one's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch(page, problems: list[str]) -> None:
    """Collect anything the page failed to load or complained about."""
    # An HTMX request still in flight when the page navigates away (the description's
    # "change" fires as the submit button takes the focus) is cancelled by the browser:
    # net::ERR_ABORTED is that, not a failure of the server.
    page.on(
        "requestfailed",
        lambda request: (
            None
            if "ERR_ABORTED" in (request.failure or "")
            else problems.append(f"failed {request.url}: {request.failure}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            # 422 is the form coming back with its errors: expected, checked on the page.
            if response.status >= 400 and response.status != 422
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"js error {error}"))


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def test_seller_opens_a_case_and_sees_the_agents_reply(
    live_server, browser, screenshot, seller_owner, agent_ss
):
    from playwright.sync_api import expect

    base = live_server.url
    problems: list[str] = []

    # --- the seller, in Chinese -----------------------------------------------------------
    seller_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    seller = seller_ctx.new_page()
    _watch(seller, problems)
    _sign_in(seller, base, seller_owner.email)
    expect(seller.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(seller.get_by_role("heading", level=1)).to_contain_text("欢迎")
    # Our own stylesheet and the vendored htmx are served (no CDN anywhere).
    assert seller.evaluate("typeof window.htmx") == "object", "htmx.min.js did not load"
    assert seller.evaluate(
        "getComputedStyle(document.querySelector('.topbar')).backgroundColor"
    ) not in ("", "rgba(0, 0, 0, 0)"), "app.css did not load"
    screenshot(seller, "01-seller-home-zh")

    seller.get_by_role("navigation", name="主导航").get_by_role("link", name="帮助").click()
    seller.get_by_role("link", name=re.compile("获取支持")).first.click()
    expect(seller.get_by_role("heading", level=1)).to_have_text("您需要哪方面的帮助？")
    screenshot(seller, "02-seller-choose-type")

    seller.locator(".type-card", has_text="订单配送").click()
    expect(seller.get_by_role("heading", level=1)).to_have_text("订单配送")
    seller.select_option("#id_site", "US")
    seller.fill("#id_subject", "买家称未收到货物")
    seller.fill("#id_description", "物流信息显示已妥投，但买家说没有收到包裹，请协助核实。")
    seller.get_by_role("button", name="提交案例").click()
    # Stopped before submission: the missing order ID is named next to its input.
    expect(seller.locator("#id_fields_order_id-error")).to_contain_text("请填写订单编号")
    expect(seller.locator(".error-summary")).to_be_visible()
    assert Case.objects.count() == 0
    screenshot(seller, "03-seller-form-missing-order-id")

    # The order ID is checked as the seller leaves the input (HTMX), before any submit.
    seller.fill("#id_fields_order_id", "113-765")
    seller.locator("#id_fields_order_id").press("Tab")
    expect(seller.locator("#id_fields_order_id-feedback")).to_contain_text("订单编号格式不正确")
    seller.fill("#id_fields_order_id", "113-7654321-7654321")
    seller.locator("#id_fields_order_id").press("Tab")
    expect(seller.locator("#id_fields_order_id-feedback")).to_contain_text("格式正确")
    seller.get_by_role("button", name="提交案例").click()
    expect(seller.locator(".case-head h1")).to_have_text("买家称未收到货物")
    case = Case.objects.get()
    assert case.team.code == "seller-support"
    expect(seller.locator(".case-head .status")).to_have_text("待处理")
    expect(seller.locator(".flash")).to_contain_text(f"案例 {case.number} 已提交给卖家支持")
    expect(seller.get_by_text("预计首次回复时间").first).to_be_visible()
    screenshot(seller, "04-seller-case-submitted")

    # --- the agent, in English --------------------------------------------------------------
    agent_ctx = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 860})
    agent = agent_ctx.new_page()
    _watch(agent, problems)
    _sign_in(agent, base, agent_ss.email)
    expect(agent.get_by_role("heading", level=1)).to_have_text("Team queue")
    row = agent.locator("#queue-results tbody tr", has_text="买家称未收到货物")
    expect(row).to_contain_text("Order fulfilment")
    expect(row).to_contain_text("New")
    screenshot(agent, "05-agent-queue")

    # The search box narrows the queue through HTMX, without a page load.
    agent.fill("#f-q", str(case.number))
    expect(agent).to_have_url(re.compile(rf"q={case.number}"))
    expect(agent.locator("#queue-results tbody tr")).to_have_count(1)

    # So does any other filter (here the ordering), still one row.
    agent.select_option("#f-order", "newest")
    expect(agent).to_have_url(re.compile(r"order=newest"))
    expect(agent.locator("#queue-results tbody tr")).to_have_count(1)

    row.get_by_role("link", name=f"#{case.number}").click()
    expect(agent.locator(".case-head h1")).to_have_text("买家称未收到货物")
    agent.get_by_role("button", name="Take (assign to me)").click()
    expect(agent.locator(".flash")).to_contain_text("Assigned to")
    agent.fill("#message-body", "Checking with the carrier; internal only.")
    agent.get_by_role("button", name="Add internal note").click()
    expect(agent.locator(".msg.internal")).to_contain_text("internal only")
    agent.fill("#message-body", "Hello, we have asked the carrier for proof of delivery.")
    agent.get_by_role("button", name="Send reply").click()
    expect(agent.locator(".flash")).to_contain_text("Reply sent to the seller.")
    expect(agent.locator("#thread")).to_contain_text("proof of delivery")
    expect(agent.locator(".case-head .status")).to_have_text("In progress")
    screenshot(agent, "06-agent-replied")

    # --- the seller reloads and sees the reply (and not the note) ------------------------
    seller.reload()
    expect(seller.locator("#thread")).to_contain_text("proof of delivery")
    expect(seller.locator("#thread")).not_to_contain_text("internal only")
    expect(seller.locator(".case-head .status")).to_have_text("处理中")
    # Answering through HTMX swaps the thread in place.
    seller.fill("#reply-body", "谢谢，订单号已提供，请尽快处理。")
    seller.get_by_role("button", name="发送回复").click()
    expect(seller.locator("#thread")).to_contain_text("请尽快处理")
    expect(seller.locator(".flash").last).to_contain_text("您的回复已发送")
    screenshot(seller, "07-seller-sees-reply")
    # The same page on a phone: one column, nothing cut off sideways.
    seller.set_viewport_size({"width": 390, "height": 844})
    assert seller.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(seller, "08-seller-case-on-a-phone")

    seller_ctx.close()
    agent_ctx.close()
    assert problems == []
