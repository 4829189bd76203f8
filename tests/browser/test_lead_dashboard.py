"""The team lead's dashboard in a real browser: a Seller Support lead opens it from the console
navigation, a seller opens a case for the team in the background (through the case service),
and within the poll interval the panel shows it, without the page being reloaded.
Screenshots: test-artifacts/screenshots/lead-dashboard-*."""

from __future__ import annotations

import pytest

from tests.browser.test_case_journey import _sign_in, _watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFRESH_SECONDS = 1


def test_a_new_case_appears_on_the_dashboard_without_a_reload(
    live_server, browser, screenshot, settings, make_case, lead_ss
):
    from playwright.sync_api import expect

    settings.SELLERDESK = {**settings.SELLERDESK, "LEAD_DASHBOARD_REFRESH_SECONDS": REFRESH_SECONDS}
    make_case(subject="Already in the queue")
    base = live_server.url
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _watch(page, problems)
    _sign_in(page, base, lead_ss.email)
    page.goto(f"{base}/console/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    team = page.locator('[data-team="seller-support"]')
    open_count = team.locator('[data-count="open"] dd')
    unassigned = team.locator('[data-count="unassigned"] dd')
    expect(open_count).to_have_text("1")
    expect(unassigned).to_have_text("1")
    screenshot(page, "lead-dashboard-01-before")

    # Anything set on the window is lost if the page reloads.
    page.evaluate("window.__sameDocument = true")
    case = make_case(subject="Opened while the lead watches")

    within = (REFRESH_SECONDS + 5) * 1000  # the interval, and the request's time
    expect(open_count).to_have_text("2", timeout=within)
    expect(unassigned).to_have_text("2")
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#lead-updated-at")).to_contain_text("Updated at")
    # A new case is on track: not in the list of cases needing attention.
    expect(team.locator(f'tr[data-case="{case.number}"]')).to_have_count(0)
    screenshot(page, "lead-dashboard-02-after")

    context.close()
    assert problems == []
