"""Layout at a common laptop size (1366×768) in a real browser: the console's queue fits its
box without a sideways scroll bar, and a seller's English explanation in the case sidebar is
set in the text font, not in monospace."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_console_queue_fits_at_1366(live_server, browser, screenshot, make_case, agent_ss, locale):
    from sellerdesk.cases import services as cases

    for i in range(6):
        case = make_case(
            subject=f"买家说没收到货，物流显示已签收但买家坚持没有收到 Buyer insists parcel {i} "
            "never arrived although tracking says delivered"
        )
        if i % 2:
            cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    agent_ss.language = "zh-hans" if locale == "zh-CN" else "en"
    agent_ss.save(update_fields=["language"])
    context = browser.new_context(locale=locale, viewport=LAPTOP)
    page = context.new_page()
    _sign_in(page, live_server.url, agent_ss.email)
    page.goto(f"{live_server.url}/console/")
    page.wait_for_selector("table.queue")
    sizes = page.evaluate(
        """() => {
          const table = document.querySelector('table.queue');
          const box = table.closest('.table-wrap');
          return {table: table.scrollWidth, box: box.clientWidth,
                  page: document.documentElement.scrollWidth,
                  viewport: document.documentElement.clientWidth};
        }"""
    )
    screenshot(page, f"layout-console-queue-1366-{locale}")
    assert sizes["table"] <= sizes["box"], sizes
    assert sizes["page"] <= sizes["viewport"], sizes
    context.close()


def test_english_explanation_is_not_monospace(
    live_server, browser, screenshot, make_case, agent_ah
):
    case = make_case(case_type="account-deactivation", subject="Account deactivated", fields={})
    assert case.fields.get("english_explanation")
    context = browser.new_context(locale="en-US", viewport=LAPTOP)
    page = context.new_page()
    _sign_in(page, live_server.url, agent_ah.email)
    page.goto(f"{live_server.url}/console/cases/{case.number}")
    explanation = page.locator(".case-side dd", has_text="deactivated after a late shipment")
    explanation.wait_for()
    font = explanation.evaluate("el => getComputedStyle(el).fontFamily").lower()
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily").lower()
    screenshot(page, "layout-console-case-explanation-1366")
    assert "mono" not in font and font == body_font, (font, body_font)
    # It wraps inside the sidebar instead of running out of it.
    overflow = explanation.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0
    context.close()
