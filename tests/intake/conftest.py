"""Helpers for the intake tests: real files in a per-test attachments directory."""

from __future__ import annotations

import io
import zipfile

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSV = "order_id,问题\n113-1234567-1234567,未收到\n".encode()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    """Each test stores files in its own directory, so "nothing stored" can be checked."""
    root = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class Api:
    """Bearer-token client for the JSON API: JSON bodies and multipart uploads."""

    def __init__(self, user):
        from django.test import Client

        from sellerdesk.accounts import services as accounts

        _, raw = accounts.token_create(actor=None, user=user, name="t")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def post(self, path, body=None, headers=None):
        import json

        return self.client.post(
            "/api/v1" + path,
            data=json.dumps(body or {}),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def get(self, path):
        return self.client.get("/api/v1" + path, headers=self.headers)

    def upload(self, name: str, data: bytes, slot: str = "", content_type="image/png"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        payload = {"file": SimpleUploadedFile(name, data, content_type=content_type)}
        if slot:
            payload["slot"] = slot
        return self.client.post("/api/v1/attachments", payload, headers=self.headers)


@pytest.fixture
def api():
    return Api


def case_body(**overrides) -> dict:
    body = {
        "case_type": "order-fulfilment",
        "site": "US",
        "subject": "买家说没收到货 Buyer says not received",
        "description": "订单显示已发货但买家未收到。",
        "language": "zh-hans",
        "fields": {"order_id": "113-1234567-1234567"},
    }
    body.update(overrides)
    return body
