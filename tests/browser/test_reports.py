"""The operator's reports in a real browser, in English and in Chinese: the overview (this
week against last), the first-response and resolution reports with their charts, and a CSV
download. Screenshots go to test-artifacts/screenshots/ (reports-<language>-*)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sellerdesk.reports.rollup import rollup_rebuild
from tests.browser.test_case_journey import _sign_in, _watch
from tests.reports.factory import History

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = {
    # language: (browser locale, <html lang>, the list's heading, the first report's heading)
    "en": ("en-US", "en", "Reports", "First response against target"),
    "zh-hans": ("zh-CN", "zh-Hans", "报告", "首次回复与目标对比"),
}


def _history(seller) -> None:
    history = History(seller)
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for i in range(40):
        created = today - timedelta(days=3 + i * 4)
        history.case(
            created=created,
            case_type="account-deactivation" if i % 2 else "order-fulfilment",
            site="US" if i % 3 else "JP",
            first_response=timedelta(hours=10 + i % 12),
            first_response_due=timedelta(hours=24),
            resolution=timedelta(days=1 + i % 5),
        )
    history.case(created=datetime.now(UTC) - timedelta(hours=5))
    history.save()
    rollup_rebuild()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_operator_reads_the_overview_two_reports_and_downloads_csv(
    live_server, browser, screenshot, operator, seller_a, language
):
    from playwright.sync_api import expect

    locale, html_lang, heading, first_heading = LANGUAGES[language]
    operator.language = language
    operator.save()
    _history(seller_a)
    base = live_server.url
    problems: list[str] = []
    context = browser.new_context(
        locale=locale, viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    _watch(page, problems)
    _sign_in(page, base, operator.email)

    page.goto(f"{base}/reports/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".figure")).to_have_count(9)
    screenshot(page, f"reports-{language}-01-overview")

    page.locator(".report-nav a[href='/reports/first-response/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_heading)
    page.fill("#id_from", (timezone.now() - timedelta(days=200)).date().isoformat())
    page.locator("form.filters button[type=submit]").click()
    chart = page.locator("figure.chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar").first).to_be_visible()
    expect(page.locator(".report-table tbody tr")).to_have_count(2)
    screenshot(page, f"reports-{language}-02-first-response")

    with page.expect_download() as info:
        page.locator("a[download]").click()
    with open(info.value.path(), encoding="utf-8-sig") as downloaded:
        text = downloaded.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["group"] for r in rows} == {"account-deactivation", "order-fulfilment"}
    assert sum(int(r["cases"]) for r in rows) == 41  # the 40 and the one opened today

    page.goto(f"{base}/reports/resolution/")
    expect(
        page.locator("figure.chart svg[role=img] path, figure.chart svg polyline").first
    ).to_be_attached()
    expect(page.locator(".report-table tbody tr").first).to_be_visible()
    screenshot(page, f"reports-{language}-03-resolution")
    context.close()
    assert problems == []
