"""A real Chromium (Debian's, never a downloaded one) driven by Playwright's sync API."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.parts import part_missing

CHROMIUM = Path(os.environ.get("SELLERDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps dialling out, and this network is closed.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def browser(transactional_db, live_server):
    """Started per test, and only after the database is set up: while Playwright's sync API
    runs, Django's per-context connection objects are new ones, and a serialized rollback
    (restoring the migrated sites, teams and case types) would silently be skipped."""
    if not CHROMIUM.exists():
        part_missing(f"{CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # The connections the test opened under Playwright's loop are this context's own;
        # closed here, or PostgreSQL refuses to drop the test database at the end of the run
        # ("being accessed by other users").
        from django.db import connections

        connections.close_all()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
