"""The agent workspace in a real browser, in English and in Chinese: a Seller Support lead
bulk-assigns five cases from the queue, applies a macro on a case and moves a case to another
team. Screenshots of each step go to test-artifacts/screenshots/ (ws-<language>-*)."""

from __future__ import annotations

import pytest

from sellerdesk.accounts.models import Team
from sellerdesk.cases.models import Case, Message
from sellerdesk.workspace import services as workspace
from tests.browser.test_case_journey import _sign_in, _watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = {
    # language: (browser locale, <html lang>, the queue's heading)
    "en": ("en-US", "en", "Team queue"),
    "zh-hans": ("zh-CN", "zh-Hans", "团队队列"),
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_agent_bulk_assigns_applies_a_macro_and_moves_a_case(
    live_server, browser, screenshot, make_case, lead_ss, agent_ss, language
):
    from playwright.sync_api import expect

    locale, html_lang, heading = LANGUAGES[language]
    lead_ss.language = language
    lead_ss.save()
    cases = [make_case(subject=f"Buyer {i} says not received") for i in range(6)]
    macro = workspace.macro_save(
        actor=lead_ss,
        name="Ask for the tracking",
        body_en="Hello {seller_name}, please send the tracking number for case {case_number}.",
        body_zh="{seller_name}，您好：请提供案例 {case_number} 的物流单号。",
        team=Team.objects.get(code="seller-support"),
        action="request_info",
    )
    base = live_server.url
    problems: list[str] = []
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _watch(page, problems)
    _sign_in(page, base, lead_ss.email)
    page.goto(f"{base}/console/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#saved-views")).to_be_visible()  # loaded by HTMX
    screenshot(page, f"ws-{language}-01-queue")

    # --- bulk-assign five cases to an agent -------------------------------------------
    five = cases[:5]
    for case in five:
        page.locator(f'input[name="case"][value="{case.number}"]').check()
    expect(page.locator("#bulk-apply")).to_be_enabled()
    page.select_option("#bulk-action", "assign")
    page.select_option("#bulk-assignee", str(agent_ss.pk))
    screenshot(page, f"ws-{language}-02-bulk-selected")
    page.locator("#bulk-apply").click()
    expect(page.locator(".flash").first).to_contain_text(f"#{five[0].number}")
    assert set(Case.objects.filter(assignee=agent_ss).values_list("pk", flat=True)) == {
        c.pk for c in five
    }
    for case in five:
        expect(page.locator(f'tr[data-case="{case.number}"]')).to_contain_text(
            agent_ss.display_name
        )
    screenshot(page, f"ws-{language}-03-bulk-assigned")

    # Select-all on the page ticks every case.
    page.locator("#bulk-all").check()
    assert page.locator('input[name="case"]:checked').count() == len(cases)
    page.locator("#bulk-all").uncheck()

    # --- a macro on the sixth case: inserted into the reply box, then applied -------------
    target = cases[5]
    page.goto(f"{base}/console/cases/{target.number}")
    picker = page.locator("#macro-picker")
    expect(picker).to_contain_text("Ask for the tracking")
    picker.locator(f'[data-macro="{macro.pk}"] .macro-insert').click()
    # The case is in Chinese: the Chinese text, with the seller's name and the number.
    expect(page.locator("#message-body")).to_have_value(
        f"{target.seller.name}，您好：请提供案例 {target.number} 的物流单号。"
    )
    screenshot(page, f"ws-{language}-04-macro-inserted")
    picker.locator(f'[data-macro="{macro.pk}"] .macro-apply').click()
    expect(page.locator("#thread")).to_contain_text(f"请提供案例 {target.number} 的物流单号")
    message = Message.objects.get(case=target, author=lead_ss)
    assert message.kind == "request_info"
    assert target.events.filter(action="macro.applied").exists()
    screenshot(page, f"ws-{language}-05-macro-applied")

    # --- move it to Account Health (the seller chose the wrong type) ---------------------
    page.locator("#move-case summary").click()
    page.select_option("#move-case-type", "account-deactivation")
    page.fill("#move-reason", "The account is deactivated: not an order problem.")
    screenshot(page, f"ws-{language}-06-move-form")
    page.locator("#move-case button[type=submit]").click()
    # The lead is not in Account Health: back to the queue, where the case is gone.
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator(f'tr[data-case="{target.number}"]')).to_have_count(0)
    target.refresh_from_db()
    assert (target.team.code, target.case_type.code) == ("account-health", "account-deactivation")
    assert target.events.filter(action="case.moved", actor=lead_ss).exists()
    screenshot(page, f"ws-{language}-07-moved")

    context.close()
    assert problems == []


def test_keyboard_shortcuts(live_server, browser, screenshot, make_case, agent_ss):
    from playwright.sync_api import expect

    cases = [make_case(subject=f"Shortcut case {i}") for i in range(3)]
    base = live_server.url
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _watch(page, problems)
    _sign_in(page, base, agent_ss.email)
    page.goto(f"{base}/console/?order=newest")
    rows = page.locator("#queue-results tbody tr")
    expect(rows).to_have_count(len(cases))
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_visible()
    screenshot(page, "ws-en-08-shortcuts-help")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    # The help's Close button does not keep the focus (it would swallow j/k).
    expect(page.locator("#shortcuts-help button")).not_to_be_focused()
    # One key at a time, each checked, so a lost key names itself.
    for key, row in (("j", 0), ("j", 1), ("k", 0), ("j", 1)):
        page.keyboard.press(key)
        expect(rows.nth(row)).to_have_class("kb-current")
    page.keyboard.press("x")
    expect(rows.nth(1).locator('input[name="case"]')).to_be_checked()
    second = rows.nth(1).get_attribute("data-case")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/console/cases/{second}")
    # The URL changes before the new page's script binds its keys; on a busy machine a key
    # pressed in between is lost.
    page.wait_for_load_state("load")
    page.keyboard.press("r")
    expect(page.locator("#message-body")).to_be_focused()
    # Typing in the reply box is text, not shortcuts.
    page.keyboard.type("jk?")
    expect(page.locator("#message-body")).to_have_value("jk?")
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    context.close()
    assert problems == []
