"""Files on messages: a seller's reply and staff's reply, note or request for information carry
files with the same checks as intake; an internal note's files never reach the seller (page,
API, download by id)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sellerdesk.accounts import services as accounts
from sellerdesk.attachments import services as attachments
from sellerdesk.attachments.models import Attachment
from sellerdesk.attachments.views import file_response
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import intake, selectors, services
from sellerdesk.cases.models import Case, Message
from sellerdesk.lib.errors import Conflict, NotFound, PayloadTooLarge, ValidationFailed
from tests.sample_files import pdf_bytes, png_bytes

PNG = png_bytes()
PDF = pdf_bytes()
CSV = b"order_id,qty\n113-1234567-1234567,1\n"


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    root = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def upload(actor, seller, name, data, **kwargs) -> Attachment:
    return attachments.attachment_upload(
        actor=actor, seller=seller, upload=SimpleUploadedFile(name, data), **kwargs
    )


def field_codes(exc) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.errors]


def api(user) -> tuple[Client, dict]:
    _, raw = accounts.token_create(actor=None, user=user, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


def api_post(user, path, body):
    client, headers = api(user)
    return client.post(
        "/api/v1" + path, json.dumps(body), content_type="application/json", headers=headers
    )


# --- the service ------------------------------------------------------------------------------


def test_seller_reply_carries_files_and_one_audit_event_lists_them(
    make_case, seller_owner, seller_a
):
    case = make_case()
    shot = upload(seller_owner, seller_a, "shot.png", PNG)
    letter = upload(seller_owner, seller_a, "letter.pdf", PDF)
    before = AuditEvent.objects.filter(action="case.reply_added").count()
    message = services.case_message_add(
        actor=seller_owner, case=case, body="", attachments=[shot.pk, letter.pk]
    )
    assert message.body == ""
    assert [a.pk for a in message.attachments.all()] == [shot.pk, letter.pk]
    for row in Attachment.objects.filter(pk__in=[shot.pk, letter.pk]):
        assert (row.case_id, row.message_id, row.internal) == (case.pk, message.pk, False)
    events = AuditEvent.objects.filter(action="case.reply_added")
    assert events.count() == before + 1
    assert events.last().after["attachments"] == [shot.pk, letter.pk]


def test_an_empty_message_needs_files(make_case, seller_owner):
    case = make_case()
    with pytest.raises(ValidationFailed) as caught:
        services.case_message_add(actor=seller_owner, case=case, body="  ", attachments=[])
    assert field_codes(caught.value) == [("body", "required")]


def test_request_for_information_answered_with_a_pdf_and_an_image(
    make_case, agent_ss, seller_owner, seller_a
):
    case = make_case()
    services.case_message_add(
        actor=agent_ss, case=case, body="Please send the bank letter.", request_info=True
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.AWAITING_SELLER
    letter = upload(seller_owner, seller_a, "银行信函.pdf", PDF)
    shot = upload(seller_owner, seller_a, "screen.png", PNG)
    services.case_message_add(
        actor=seller_owner,
        case=case,
        body="Letter and screenshot attached.",
        attachments=[letter.pk, shot.pk],
    )
    case.refresh_from_db()
    assert case.status != Case.Status.AWAITING_SELLER
    thread = selectors.case_messages_for(agent_ss, case)
    assert [a.filename for a in thread[-1].attachments.all()] == ["银行信函.pdf", "screen.png"]
    # The message's files are the case's files too: the agent may download them.
    assert selectors.attachment_get_for(agent_ss, letter.pk) == letter


def test_another_sellers_upload_and_a_used_file_are_refused_by_position(
    make_case, seller_owner, seller_a, seller2_owner, seller_b
):
    case = make_case()
    theirs = upload(seller2_owner, seller_b, "theirs.png", PNG)
    used = upload(seller_owner, seller_a, "used.png", PNG)
    services.case_message_add(actor=seller_owner, case=case, body="first", attachments=[used.pk])
    mine = upload(seller_owner, seller_a, "mine.png", PNG)
    count = Message.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.case_message_add(
            actor=seller_owner, case=case, body="x", attachments=[mine.pk, theirs.pk, used.pk]
        )
    assert field_codes(caught.value) == [("attachments.1", "unknown"), ("attachments.2", "unknown")]
    assert Message.objects.count() == count
    assert Attachment.objects.get(pk=mine.pk).case_id is None
    assert Attachment.objects.get(pk=theirs.pk).case_id is None


def test_the_cases_total_size_limit_counts_the_files_already_there(
    make_case, seller_owner, seller_a, settings
):
    case = make_case()
    first = upload(seller_owner, seller_a, "a.pdf", PDF)
    services.case_message_add(actor=seller_owner, case=case, body="a", attachments=[first.pk])
    settings.SELLERDESK = {**settings.SELLERDESK, "CASE_ATTACHMENTS_MAX_BYTES": len(PDF) + 10}
    second = upload(seller_owner, seller_a, "b.pdf", PDF)
    count = Message.objects.count()
    with pytest.raises(PayloadTooLarge) as caught:
        services.case_message_add(actor=seller_owner, case=case, body="b", attachments=[second.pk])
    assert field_codes(caught.value) == [("attachments", "too_large")]
    assert Message.objects.count() == count
    assert Attachment.objects.get(pk=second.pk).case_id is None


def test_an_id_no_row_can_have_is_unknown_not_a_database_error(make_case, seller_owner):
    case = make_case()
    client = Client()
    client.force_login(seller_owner)
    response = client.post(
        reverse("portal-case-reply", args=[case.number]),
        {"body": "x", "attachment_ids": [str(2**70)]},
    )
    assert response.status_code == 422


def test_the_claim_is_conditional(make_case, seller_owner, seller_a):
    case, other = make_case(), make_case(subject="other")
    row = upload(seller_owner, seller_a, "a.png", PNG)
    loaded, errors = intake.load_message_attachments(
        actor=seller_owner, case=case, ids=[row.pk], staff=False, internal=False
    )
    assert errors == []
    # Another request puts the file on another case between our look and our claim.
    Attachment.objects.filter(pk=row.pk).update(case=other)
    message = Message.objects.create(
        case=case,
        author=seller_owner,
        author_kind="seller",
        kind="reply",
        body="x",
        created_at=case.created_at,
    )
    with pytest.raises(Conflict):
        intake.attach_to_message(message, loaded, staff=False)
    assert Attachment.objects.get(pk=row.pk).case_id == other.pk


def test_staff_name_their_own_uploads_onto_the_case(
    make_case, agent_ss, lead_ss, seller_owner, seller_a
):
    case = make_case()
    held = upload(agent_ss, case.seller, "note.png", PNG, case=case, internal=True)
    by_lead = upload(lead_ss, case.seller, "lead.png", PNG, case=case, internal=True)
    sellers = upload(seller_owner, seller_a, "s.png", PNG)
    with pytest.raises(ValidationFailed) as caught:
        services.case_message_add(
            actor=agent_ss, case=case, body="x", attachments=[held.pk, by_lead.pk, sellers.pk]
        )
    assert field_codes(caught.value) == [("attachments.1", "unknown"), ("attachments.2", "unknown")]
    message = services.case_message_add(actor=agent_ss, case=case, body="", attachments=[held.pk])
    held.refresh_from_db()
    # A public reply makes the held file public.
    assert (held.message_id, held.internal) == (message.pk, False)
    assert selectors.attachment_get_for(seller_owner, held.pk) == held
    # Used once: a second message cannot take it.
    with pytest.raises(ValidationFailed):
        services.case_message_add(actor=agent_ss, case=case, body="x", attachments=[held.pk])


def test_an_internal_note_cannot_carry_a_file_the_seller_may_have_seen(make_case, agent_ss):
    case = make_case()
    public = upload(agent_ss, case.seller, "public.png", PNG, case=case)
    with pytest.raises(ValidationFailed) as caught:
        services.case_message_add(
            actor=agent_ss, case=case, body="x", internal=True, attachments=[public.pk]
        )
    assert field_codes(caught.value) == [("attachments.0", "public")]


@pytest.fixture
def internal_note_file(make_case, agent_ss):
    case = make_case()
    secret = upload(agent_ss, case.seller, "risk-notes.pdf", PDF, case=case, internal=True)
    services.case_message_add(
        actor=agent_ss, case=case, body="Risk notes", internal=True, attachments=[secret.pk]
    )
    secret.refresh_from_db()
    assert secret.internal and secret.message_id is not None
    return case, secret


def test_internal_note_files_are_invisible_to_the_seller(
    internal_note_file, seller_owner, agent_ss
):
    case, secret = internal_note_file
    with pytest.raises(NotFound):
        selectors.attachment_get_for(seller_owner, secret.pk)
    assert secret not in selectors.case_attachments_for(seller_owner, case)
    assert secret in selectors.case_attachments_for(agent_ss, case)
    assert selectors.attachment_get_for(agent_ss, secret.pk) == secret


def test_internal_note_files_are_not_on_the_sellers_page_nor_downloadable(
    internal_note_file, seller_owner, agent_ss
):
    case, secret = internal_note_file
    client = Client()
    client.force_login(seller_owner)
    page = client.get(reverse("portal-case", args=[case.number])).content.decode()
    assert "risk-notes.pdf" not in page
    assert reverse("attachment", args=[secret.pk]) not in page
    assert client.get(reverse("attachment", args=[secret.pk])).status_code == 404
    staff = Client()
    staff.force_login(agent_ss)
    assert (
        "risk-notes.pdf" in staff.get(reverse("console-case", args=[case.number])).content.decode()
    )
    assert staff.get(reverse("attachment", args=[secret.pk])).status_code == 200


def test_internal_note_files_are_not_in_the_sellers_api(internal_note_file, seller_owner, agent_ss):
    case, secret = internal_note_file
    client, headers = api(seller_owner)
    body = client.get(f"/api/v1/cases/{case.number}", headers=headers).json()
    assert secret.pk not in body["attachments"]
    assert all(secret.pk not in [a["id"] for a in m["attachments"]] for m in body["messages"])
    listed = client.get("/api/v1/cases", headers=headers).json()["items"]
    assert all(secret.pk not in item["attachments"] for item in listed)
    assert client.get(f"/api/v1/attachments/{secret.pk}", headers=headers).status_code == 404
    staff, staff_headers = api(agent_ss)
    assert (
        secret.pk
        in staff.get(f"/api/v1/cases/{case.number}", headers=staff_headers).json()["attachments"]
    )
    assert staff.get(f"/api/v1/attachments/{secret.pk}", headers=staff_headers).status_code == 200


def test_a_held_upload_is_hidden_from_the_seller_until_a_public_message_names_it(
    make_case, agent_ss, seller_owner
):
    case = make_case()
    held = upload(agent_ss, case.seller, "draft.png", PNG, case=case, internal=True)
    with pytest.raises(NotFound):
        selectors.attachment_get_for(seller_owner, held.pk)
    # The upload's own audit event is internal too: its file name stays with staff.
    event = AuditEvent.objects.get(action="attachment.uploaded", object_id=str(held.pk))
    assert event.internal


# --- downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "preview", "disposition"),
    [
        ("a.pdf", PDF, False, "attachment"),
        ("a.pdf", PDF, True, "inline"),
        ("a.png", PNG, False, "inline"),
        ("a.csv", CSV, True, "attachment"),
    ],
)
def test_only_images_and_previewed_pdfs_are_inline(
    seller_owner, seller_a, name, data, preview, disposition
):
    row = upload(seller_owner, seller_a, name, data)
    response = file_response(row, preview=preview)
    assert response["Content-Disposition"].startswith(disposition + ";")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    framed = preview and name.endswith(".pdf")
    assert ("frame-ancestors 'self'" in csp) is framed
    assert ("frame-ancestors 'none'" in csp) is not framed


def test_the_web_download_previews_a_pdf_on_request(make_case, seller_owner, seller_a):
    case = make_case()
    row = upload(seller_owner, seller_a, "a.pdf", PDF)
    services.case_message_add(actor=seller_owner, case=case, body="", attachments=[row.pk])
    client = Client()
    client.force_login(seller_owner)
    url = reverse("attachment", args=[row.pk])
    assert client.get(url)["Content-Disposition"].startswith("attachment;")
    response = client.get(url + "?preview=1")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response.content == PDF


# --- the API -----------------------------------------------------------------------------------


def test_api_seller_reply_with_files(make_case, seller_owner):
    case = make_case()
    client, headers = api(seller_owner)
    ids = []
    for name, data in (("letter.pdf", PDF), ("shot.png", PNG)):
        response = client.post(
            "/api/v1/attachments", {"file": SimpleUploadedFile(name, data)}, headers=headers
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    response = api_post(
        seller_owner, f"/cases/{case.number}/messages", {"body": "", "attachments": ids}
    )
    assert response.status_code == 201, response.content
    files = response.json()["attachments"]
    assert [(f["id"], f["filename"], f["content_type"]) for f in files] == [
        (ids[0], "letter.pdf", "application/pdf"),
        (ids[1], "shot.png", "image/png"),
    ]
    assert files[0]["size"] == len(PDF)
    got = client.get(f"/api/v1/cases/{case.number}", headers=headers).json()
    assert got["messages"][-1]["attachments"] == files
    assert set(ids) <= set(got["attachments"])


def test_api_refusals_name_the_field(make_case, seller_owner, seller2_owner, seller_b):
    case = make_case()
    theirs = upload(seller2_owner, seller_b, "theirs.png", PNG)
    response = api_post(
        seller_owner, f"/cases/{case.number}/messages", {"body": "x", "attachments": [theirs.pk]}
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("attachments.0", "unknown")
    ]
    response = api_post(
        seller_owner, f"/cases/{case.number}/messages", {"body": "x", "attachments": ["abc"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("attachments")
    response = api_post(
        seller_owner, f"/cases/{case.number}/messages", {"body": "x", "attachments": [2**70]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("attachments")
    response = api_post(seller_owner, f"/cases/{case.number}/messages", {"body": ""})
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("body", "required")]


def test_api_staff_internal_upload_then_internal_note(make_case, agent_ss, seller_owner):
    case = make_case()
    client, headers = api(agent_ss)
    response = client.post(
        "/api/v1/attachments",
        {"file": SimpleUploadedFile("risk.pdf", PDF), "case": case.number, "internal": "true"},
        headers=headers,
    )
    assert response.status_code == 201, response.content
    file_id = response.json()["id"]
    response = api_post(
        agent_ss,
        f"/cases/{case.number}/messages",
        {"body": "see file", "internal": True, "attachments": [file_id]},
    )
    assert response.status_code == 201, response.content
    assert Attachment.objects.get(pk=file_id).internal
    seller, seller_headers = api(seller_owner)
    assert seller.get(f"/api/v1/attachments/{file_id}", headers=seller_headers).status_code == 404


def test_api_a_seller_cannot_upload_internal(seller_owner):
    client, headers = api(seller_owner)
    response = client.post(
        "/api/v1/attachments",
        {"file": SimpleUploadedFile("a.png", PNG), "internal": "true"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "internal"
    assert Attachment.objects.count() == 0


# --- the pages ---------------------------------------------------------------------------------


def test_portal_reply_form_uploads_files(make_case, seller_owner):
    case = make_case()
    client = Client()
    client.force_login(seller_owner)
    response = client.post(
        reverse("portal-case-reply", args=[case.number]),
        {
            "body": "",
            "files": [SimpleUploadedFile("letter.pdf", PDF), SimpleUploadedFile("s.png", PNG)],
        },
    )
    assert response.status_code == 302
    message = Message.objects.filter(case=case).last()
    assert [a.filename for a in message.attachments.all()] == ["letter.pdf", "s.png"]
    page = client.get(reverse("portal-case", args=[case.number])).content.decode()
    pdf, png = message.attachments.all()
    assert f'data="{reverse("attachment", args=[pdf.pk])}?preview=1"' in page
    assert f'src="{reverse("attachment", args=[png.pk])}"' in page


def test_portal_reply_form_keeps_good_files_when_one_is_refused(make_case, seller_owner):
    case = make_case()
    client = Client()
    client.force_login(seller_owner)
    response = client.post(
        reverse("portal-case-reply", args=[case.number]),
        {
            "body": "here",
            "files": [
                SimpleUploadedFile("letter.pdf", PDF),
                SimpleUploadedFile("evil.png", b"MZ\x90\x00 not an image"),
            ],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "evil.png" in page
    kept = Attachment.objects.get(filename="letter.pdf")
    assert f'name="attachment_ids" value="{kept.pk}"' in page
    assert Message.objects.filter(case=case, body="here").count() == 0
    response = client.post(
        reverse("portal-case-reply", args=[case.number]),
        {"body": "here", "attachment_ids": [kept.pk]},
    )
    assert response.status_code == 302
    assert Attachment.objects.get(pk=kept.pk).message.body == "here"


def test_console_note_with_a_file_stays_internal(make_case, agent_ss, seller_owner):
    case = make_case()
    client = Client()
    client.force_login(agent_ss)
    response = client.post(
        reverse("console-message", args=[case.number]),
        {"body": "", "kind": "note", "files": [SimpleUploadedFile("risk.png", PNG)]},
    )
    assert response.status_code == 302
    row = Attachment.objects.get(filename="risk.png")
    assert row.internal and row.message.internal and row.case_id == case.pk
    seller = Client()
    seller.force_login(seller_owner)
    assert "risk.png" not in seller.get(reverse("portal-case", args=[case.number])).content.decode()
    assert seller.get(reverse("attachment", args=[row.pk])).status_code == 404


def test_console_request_info_with_a_file_reaches_the_seller(make_case, agent_ss, seller_owner):
    case = make_case()
    client = Client()
    client.force_login(agent_ss)
    response = client.post(
        reverse("console-message", args=[case.number]),
        {
            "body": "Fill in this form",
            "kind": "request_info",
            "files": [SimpleUploadedFile("form.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    row = Attachment.objects.get(filename="form.pdf")
    assert not row.internal and row.message.kind == "request_info"
    seller = Client()
    seller.force_login(seller_owner)
    assert "form.pdf" in seller.get(reverse("portal-case", args=[case.number])).content.decode()
    assert seller.get(reverse("attachment", args=[row.pk])).status_code == 200


def test_the_demos_screenshots_reply_really_carries_a_screenshot(db):
    from sellerdesk import demo
    from sellerdesk.cases import demo as cases_demo

    cases_demo.load(demo._ensure_people(), demo.SELLERS)
    replies = Message.objects.filter(
        body__in=["Screenshots attached as requested.", "截图已补充，请查看。"]
    )
    assert replies.exists()
    for reply in replies:
        assert [a.content_type for a in reply.attachments.all()] == ["image/png"]
