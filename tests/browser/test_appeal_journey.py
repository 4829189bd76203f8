"""An appeal from the Account Status page to reinstatement, in a real browser: a restricted
seller using the Chinese UI appeals with an English plan of action and evidence; the quality
check blocks a vague first draft; the Account Health agent (English UI) asks for more; the
seller sends a second version; the agent sees the diff and reinstates. The restriction is gone
from the status API and the score page. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import User
from sellerdesk.appeals.models import Appeal
from sellerdesk.health.causes import seller_status_sync
from sellerdesk.health.models import AccountCause
from tests.sample_files import pdf_bytes

from .test_case_journey import _sign_in, _watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VAGUE = {
    "root_cause": "Shipping was late for some of our orders because of problems.",
    "corrective_actions": "We will try to improve our shipping.",
    "preventive_measures": "",
}
GOOD = {
    "root_cause": (
        "Our late shipment rate reached 6.2% between 2026-10-01 and 2026-10-30 because our "
        "Shenzhen warehouse shipped order 113-1234567-1234567 and 41 others two days late after "
        "a staff shortage during the Golden Week holiday."
    ),
    "corrective_actions": (
        "We have hired two more packers and cleared the backlog on 2026-11-02. We refunded the "
        "buyers of the 42 late orders."
    ),
    "preventive_measures": (
        "- Our warehouse manager checks the ship-by report every morning and ships every order "
        "the same day.\n"
        "- Our operations lead reviews the late shipment rate every week and adds staff before "
        "each holiday."
    ),
}
ADDED = " We have attached the carrier's pickup scans for all 42 orders."


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "attachments"), "base_url": None},
        },
    }


def _fill(page, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        page.fill(f"#id_{name}", text)


def test_restricted_seller_appeals_and_is_reinstated(
    live_server, browser, screenshot, seller_a, seller_owner, agent_ah
):
    from playwright.sync_api import expect

    User.objects.filter(pk=seller_owner.pk).update(language="zh-hans")
    User.objects.filter(pk=agent_ah.pk).update(language="en")
    cause = AccountCause.objects.create(
        seller=seller_a,
        marketplace="US",
        kind="restriction",
        reason_code="late_shipment_rate_beyond_target",
        rule_code="late_shipment_mfn_suspension",
        restrictions=["mfn_offers_suspended"],
        appealable=True,
        since=timezone.now() - timedelta(days=2),
        detail={"metric": "late_shipment_rate_10d", "consecutive": 3},
    )
    seller_status_sync(seller=seller_a, band="at_risk")
    _token, secret = accounts.token_create(actor=None, user=seller_owner, name="journey")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    status_url = f"/api/v1/sellers/{seller_a.code}/status"
    assert [c["id"] for c in api.get(status_url).json()["causes"]] == [cause.pk]

    base = live_server.url
    problems: list[str] = []
    viewport = {"width": 1280, "height": 900}

    # --- the seller (Chinese UI) finds the Appeal action on the Account Status page ---------
    seller_ctx = browser.new_context(locale="zh-CN", viewport=viewport)
    seller = seller_ctx.new_page()
    _watch(seller, problems)
    _sign_in(seller, base, seller_owner.email)
    seller.goto(f"{base}/health/{seller_a.code}/status")
    expect(seller.locator("html")).to_have_attribute("lang", "zh-Hans")
    seller.locator(f"a[href='/appeals/new/{cause.pk}/']").click()
    seller.wait_for_load_state()
    expect(seller.locator("#appeal-form")).to_be_visible()

    # --- a vague first draft: the live check and the submit both block it ------------------
    _fill(seller, VAGUE)
    seller.locator("#id_root_cause").press("End")
    seller.locator("#id_root_cause").type(" ")
    live = seller.locator("#live-findings li.finding.blocking")
    expect(live.first).to_be_visible()
    expect(seller.locator("#live-findings [data-code='missing_section']")).to_have_count(1)
    expect(seller.locator("#live-findings [data-code='vague_action']")).to_have_count(1)
    screenshot(seller, "appeal-1-seller-vague-draft-live-check-zh")
    seller.locator("#appeal-form button[type=submit]").click()
    seller.wait_for_load_state()
    expect(seller.locator("#error-summary")).to_be_visible()
    expect(seller.locator("#live-findings [data-code='evidence_missing']")).to_have_count(1)
    assert not Appeal.objects.exists()
    screenshot(seller, "appeal-2-seller-refused-zh")

    # --- the real plan of action with the late-orders report --------------------------------
    _fill(seller, GOOD)
    seller.fill("#id_draft_zh_root_cause", "国庆假期人手不足，深圳仓库延迟两天发货。")
    seller.set_input_files(
        "#id_ev-defect_orders-0-file",
        {"name": "late-orders.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
    )
    seller.locator("#appeal-form button[type=submit]").click()
    seller.wait_for_load_state()
    appeal = Appeal.objects.get()
    expect(seller).to_have_url(f"{base}/appeals/{appeal.pk}/")
    expect(seller.locator(f".badge.appeal-{Appeal.Status.IN_REVIEW}")).to_be_visible()
    screenshot(seller, "appeal-3-seller-sent-zh")

    # --- the agent (English UI) asks for more -------------------------------------------------
    agent_ctx = browser.new_context(locale="en-US", viewport=viewport)
    agent = agent_ctx.new_page()
    _watch(agent, problems)
    _sign_in(agent, base, agent_ah.email)
    agent.goto(f"{base}/console/appeals/")
    agent.locator(f"a[href='/console/appeals/{appeal.pk}/']").first.click()
    agent.wait_for_load_state()
    expect(agent.locator("html")).to_have_attribute("lang", "en")
    expect(agent.locator("body")).to_contain_text("late-orders.pdf")
    agent.fill("#id_info_text", "Please add the carrier's pickup scans for the late orders.")
    agent.locator(
        f"form[action='/console/appeals/{appeal.pk}/request-info'] button[type=submit]"
    ).click()
    agent.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.INFO_REQUESTED
    screenshot(agent, "appeal-4-agent-asked-for-more-en")

    # --- the seller sends a second version with the scans -----------------------------------
    seller.goto(f"{base}/appeals/{appeal.pk}/")
    expect(seller.locator(f".badge.appeal-{Appeal.Status.INFO_REQUESTED}")).to_be_visible()
    expect(seller.locator("body")).to_contain_text("pickup scans")
    seller.locator("#id_corrective_actions").fill(GOOD["corrective_actions"] + ADDED)
    seller.set_input_files(
        "#id_ev-defect_orders-1-file",
        {"name": "pickup-scans.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
    )
    seller.locator("#appeal-form button[type=submit]").click()
    seller.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    assert appeal.versions.count() == 2
    screenshot(seller, "appeal-5-seller-second-version-zh")

    # --- the agent reads the diff and reinstates ----------------------------------------------
    agent.goto(f"{base}/console/appeals/{appeal.pk}/")
    expect(agent.locator("#diff-title")).to_be_visible()
    expect(agent.locator("body")).to_contain_text("pickup-scans.pdf")
    expect(agent.locator("body")).to_contain_text("carrier's pickup scans for all 42 orders")
    screenshot(agent, "appeal-6-agent-review-with-diff-en")
    agent.fill("#id_accept_text", "Thank you, your account is reinstated.")
    agent.locator(f"form[action='/console/appeals/{appeal.pk}/accept'] button[type=submit]").click()
    agent.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ACCEPTED
    agent_ctx.close()

    # --- the restriction is gone: the status API and the score page -------------------------
    assert api.get(status_url).json()["causes"] == []
    seller.goto(f"{base}/appeals/{appeal.pk}/")
    expect(seller.locator(f".badge.appeal-{Appeal.Status.ACCEPTED}")).to_be_visible()
    screenshot(seller, "appeal-7-seller-accepted-zh")
    seller.goto(f"{base}/health/{seller_a.code}")
    expect(seller.locator(".health-causes")).to_have_count(0)
    seller.goto(f"{base}/health/{seller_a.code}/status")
    expect(seller.locator(f"a[href='/appeals/new/{cause.pk}/']")).to_have_count(0)
    screenshot(seller, "appeal-8-seller-status-clear-zh")
    seller_ctx.close()
    assert problems == []
