"""Files on replies in a real browser, in both languages: support asks the seller for
information, the seller answers with a PDF and a screenshot through the reply form, and the
agent opens the case and sees both previews. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from sellerdesk.accounts.models import User
from sellerdesk.cases import services
from tests.sample_files import pdf_bytes, png_bytes

from .test_case_journey import _sign_in, _watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "attachments"), "base_url": None},
        },
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_seller_answers_a_request_with_a_pdf_and_an_image_and_the_agent_sees_both(
    live_server, browser, screenshot, make_case, seller_owner, agent_ss, language
):
    from playwright.sync_api import expect

    User.objects.filter(pk__in=[seller_owner.pk, agent_ss.pk]).update(language=language)
    case = make_case()
    services.case_message_add(
        actor=agent_ss,
        case=case,
        body="Please send the bank letter and a screenshot.",
        request_info=True,
    )
    base = live_server.url
    problems: list[str] = []
    locale = "zh-CN" if language == "zh-hans" else "en-US"
    viewport = {"width": 1280, "height": 900}
    html_lang = "zh-Hans" if language == "zh-hans" else "en"

    # --- the seller answers with two files ----------------------------------------------
    seller_ctx = browser.new_context(locale=locale, viewport=viewport)
    seller = seller_ctx.new_page()
    _watch(seller, problems)
    _sign_in(seller, base, seller_owner.email)
    seller.goto(f"{base}/cases/{case.number}")
    expect(seller.locator("html")).to_have_attribute("lang", html_lang)
    expect(seller.locator(".notice.warn")).to_be_visible()
    seller.fill("#reply-body", "Here is the letter and the screenshot.")
    seller.set_input_files(
        "#reply-files",
        [
            {"name": "bank-letter.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
            {"name": "screenshot.png", "mimeType": "image/png", "buffer": png_bytes(320, 200)},
        ],
    )
    screenshot(seller, f"reply-files-1-seller-form-{language}")
    seller.locator("form.composer button[type=submit]").click()
    last = seller.locator("#thread li.msg").last
    expect(last.locator(".msg-files")).to_contain_text("bank-letter.pdf")
    expect(last.locator(".msg-files")).to_contain_text("screenshot.png")
    expect(last.locator("img.msg-thumb")).to_be_visible()
    screenshot(seller, f"reply-files-2-seller-sent-{language}")
    seller_ctx.close()

    # --- the agent opens the case and sees both previews -----------------------------------
    agent_ctx = browser.new_context(locale=locale, viewport=viewport)
    agent = agent_ctx.new_page()
    _watch(agent, problems)
    _sign_in(agent, base, agent_ss.email)
    agent.goto(f"{base}/console/cases/{case.number}")
    expect(agent.locator("html")).to_have_attribute("lang", html_lang)
    last = agent.locator("#thread li.msg").last
    thumb = last.locator("img.msg-thumb")
    expect(thumb).to_be_visible()
    # The thumbnail really decoded: the image's own size, not a broken-image placeholder.
    thumb.evaluate("img => img.decode()")
    assert thumb.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [320, 200]
    pdf = last.locator("object.msg-pdf")
    expect(pdf).to_be_visible()
    data = pdf.get_attribute("data")
    assert data.endswith("?preview=1")
    # What the preview loads: the PDF itself, inline, framable by our page only, sandboxed.
    answer = agent.evaluate(
        """async url => { const r = await fetch(url);
            const bytes = new Uint8Array(await r.arrayBuffer());
            return [r.status, r.headers.get('content-type'), r.headers.get('content-disposition'),
                    r.headers.get('content-security-policy'), r.headers.get('x-frame-options'),
                    String.fromCharCode(...bytes.slice(0, 5))]; }""",
        data,
    )
    status, content_type, disposition, csp, frame, magic = answer
    assert (status, content_type, magic) == (200, "application/pdf", "%PDF-")
    assert disposition.startswith("inline;")
    assert "sandbox" in csp and "frame-ancestors 'self'" in csp
    assert frame == "SAMEORIGIN"
    last.scroll_into_view_if_needed()
    screenshot(agent, f"reply-files-3-agent-sees-previews-{language}")
    agent_ctx.close()
    assert problems == []
