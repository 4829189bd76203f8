"""Uploads: types by content, limits, attacks refused with nothing stored, and downloads only
for those who may see the case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sellerdesk.attachments.models import Attachment
from sellerdesk.audit.models import AuditEvent

from .conftest import CSV, JPEG, PDF, PNG, WEBP, case_body, stored_files, xlsx_bytes


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("shot.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("s.webp", WEBP, "image/webp"),
        ("invoice.pdf", PDF, "application/pdf"),
        ("orders.csv", CSV, "text/csv"),
        (
            "orders.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("发票 2024.pdf", PDF, "application/pdf"),
    ],
)
def test_accepted_types(api, seller_owner, attachments_dir, name, data, content_type):
    response = api(seller_owner).upload(name, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == content_type
    assert body["size"] == len(data)
    assert len(body["sha256"]) == 64
    assert body["filename"].lower().endswith(name.rsplit(".", 1)[1].lower())
    row = Attachment.objects.get(pk=body["id"])
    # Stored under a name of ours, outside the web root, never the seller's name.
    assert len(stored_files(attachments_dir)) == 1
    assert name not in row.path


ATTACKS = [
    # (name, content, status, code)
    ("huge.png", PNG + b"\x00" * (10 * 1024 * 1024), 413, "too_large"),
    ("photo.png", b"MZ\x90\x00 this is a windows executable", 415, "unsupported_type"),
    ("invoice.pdf", b"<html><script>alert(1)</script></html>", 415, "unsupported_type"),
    ("invoice.pdf.exe", PDF, 422, "bad_name"),
    ("../../etc/passwd", PDF, 422, "bad_name"),
    ("cat.png", b"<!DOCTYPE html><html><body>hi</body></html>", 415, "unsupported_type"),
    (
        "logo.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        415,
        "unsupported_type",
    ),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', 415, "unsupported_type"),
    ("shot.png", PDF, 422, "bad_name"),  # good content, a name that says another type
    ("empty.png", b"", 422, "empty"),
    ("zip.xlsx", b"PK\x03\x04not really a zip", 415, "unsupported_type"),
]


@pytest.mark.parametrize(("name", "data", "status", "code"), ATTACKS)
def test_attacks_are_refused_and_nothing_is_stored(
    api, seller_owner, attachments_dir, name, data, status, code
):
    client = api(seller_owner)
    before_events = AuditEvent.objects.count()
    response = client.upload(name, data)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [("file", code)]
    assert problem["detail"]
    assert Attachment.objects.count() == 0
    assert stored_files(attachments_dir) == []
    assert AuditEvent.objects.count() == before_events


def test_size_limit_is_a_setting(api, seller_owner, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "ATTACHMENT_MAX_BYTES": 100}
    assert api(seller_owner).upload("a.png", PNG + b"\x00" * 100).status_code == 413
    assert api(seller_owner).upload("a.png", PNG).status_code == 201


def test_case_total_limit(api, seller_owner, settings):
    client = api(seller_owner)
    ids = [client.upload(f"{i}.png", PNG + bytes(60)).json()["id"] for i in range(3)]
    settings.SELLERDESK = {**settings.SELLERDESK, "CASE_ATTACHMENTS_MAX_BYTES": 200}
    response = client.post("/cases", case_body(attachments=ids))
    assert response.status_code == 413
    assert Attachment.objects.filter(case__isnull=False).count() == 0


def test_agents_cannot_upload_without_a_case(api, agent_ss):
    assert api(agent_ss).upload("a.png", PNG).status_code == 403


def test_agent_uploads_onto_a_case_of_their_team(api, seller_owner, agent_ss, agent_ah):
    number = api(seller_owner).post("/cases", case_body()).json()["number"]
    client = api(agent_ss)
    upload = client.client.post(
        "/api/v1/attachments",
        {"file": SimpleUploadedFile("label.pdf", PDF), "case": number},
        headers=client.headers,
    )
    assert upload.status_code == 201, upload.content
    assert Attachment.objects.get().case.number == number
    other = api(agent_ah)
    refused = other.client.post(
        "/api/v1/attachments",
        {"file": SimpleUploadedFile("label.pdf", PDF), "case": number},
        headers=other.headers,
    )
    assert refused.status_code == 404
    assert Attachment.objects.count() == 1


def test_case_takes_own_unattached_uploads_only(api, seller_owner, seller2_owner):
    mine = api(seller_owner)
    other = api(seller2_owner)
    own = mine.upload("a.png", PNG).json()["id"]
    theirs = other.upload("b.png", PNG).json()["id"]
    response = mine.post("/cases", case_body(attachments=[own, theirs, 999999]))
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["attachments.1", "attachments.2"]
    created = mine.post("/cases", case_body(attachments=[own]))
    assert created.status_code == 201, created.content
    assert created.json()["attachments"] == [own]
    # Already on a case: not again.
    again = mine.post(
        "/cases",
        case_body(
            subject="Other",
            description="Another order",
            fields={"order_id": "114-7654321-7654321"},
            attachments=[own],
        ),
    )
    assert again.status_code == 422


def _case_with_file(api, user, name="shot.png", data=PNG):
    client = api(user)
    attachment = client.upload(name, data).json()["id"]
    number = client.post("/cases", case_body(attachments=[attachment])).json()["number"]
    return number, attachment


def test_download_only_for_those_who_see_the_case(
    api, client, seller_owner, seller2_owner, agent_ss, agent_ah
):
    number, attachment = _case_with_file(api, seller_owner)
    assert api(seller_owner).get(f"/attachments/{attachment}").status_code == 200
    assert api(agent_ss).get(f"/attachments/{attachment}").status_code == 200
    # Another seller, an agent of another team: not found, as if it did not exist.
    assert api(seller2_owner).get(f"/attachments/{attachment}").status_code == 404
    assert api(agent_ah).get(f"/attachments/{attachment}").status_code == 404
    assert api(seller2_owner).get("/attachments/987654").status_code == 404
    # The web view says the same.
    client.force_login(seller2_owner)
    assert client.get(f"/attachments/{attachment}").status_code == 404
    client.force_login(seller_owner)
    assert client.get(f"/attachments/{attachment}").status_code == 200


def test_unattached_upload_is_seen_by_its_seller_only(api, seller_owner, seller2_owner):
    attachment = api(seller_owner).upload("a.png", PNG).json()["id"]
    assert api(seller_owner).get(f"/attachments/{attachment}").status_code == 200
    assert api(seller2_owner).get(f"/attachments/{attachment}").status_code == 404


def test_images_inline_everything_else_a_download(api, client, seller_owner):
    _, image = _case_with_file(api, seller_owner)
    client.force_login(seller_owner)
    response = client.get(f"/attachments/{image}")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PNG
    pdf = api(seller_owner).upload("invoice.pdf", PDF).json()["id"]
    response = client.get(f"/attachments/{pdf}")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_identity_documents_are_encrypted_at_rest(api, seller_owner, attachments_dir):
    body = api(seller_owner).upload("id.jpg", JPEG, slot="id_front").json()
    (path,) = stored_files(attachments_dir)
    assert JPEG not in path.read_bytes()
    assert api(seller_owner).get(f"/attachments/{body['id']}").content == JPEG


def test_unknown_slot(api, seller_owner, attachments_dir):
    response = api(seller_owner).upload("id.jpg", JPEG, slot="passport")
    assert response.status_code == 422
    assert stored_files(attachments_dir) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\boot.ini.pdf",
        "a/b.pdf",
        "..",
        "x\x00.pdf",
        "bad\nname.pdf",
        "invoice.pdf.exe",
        "invoice.exe",
        "",
    ],
)
def test_bad_names_are_refused_not_repaired(name):
    from sellerdesk.attachments.sniff import BadName, safe_filename

    with pytest.raises(BadName):
        safe_filename(name, "application/pdf")


def test_names_are_cleaned():
    from sellerdesk.attachments.sniff import safe_filename

    assert safe_filename("发票 <2024>.PDF", "application/pdf") == "发票 _2024.pdf"
    assert safe_filename("photo.jpeg", "image/jpeg") == "photo.jpeg"
