"""The only writers of attachments. An upload is checked completely (size, content, name)
before a single byte is stored, so a refused upload leaves no file and no row."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib import crypto
from sellerdesk.lib.errors import (
    FieldError,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)

from . import sniff
from .models import Attachment, attachment_storage
from .slots import ID_DOCUMENT_SLOTS

SLOTS = frozenset(ID_DOCUMENT_SLOTS)
_CHUNK = 64 * 1024


def _conf(name: str):
    return settings.SELLERDESK[name]


def _read_limited(upload, limit: int) -> bytes:
    """The upload's bytes, refusing (413) as soon as it passes ``limit``: a huge upload is
    never read whole into memory."""
    if getattr(upload, "size", None) is not None and upload.size > limit:
        raise _too_large(limit)
    parts, total = [], 0
    for chunk in upload.chunks(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The file is larger than {limit // (1024 * 1024)} MB.",
        [FieldError("file", "too_large", f"files may be at most {limit} bytes")],
    )


def attachment_upload(
    *,
    actor: User,
    seller: Seller,
    upload,
    slot: str = "",
    case=None,
    internal: bool = False,
    now: datetime | None = None,
) -> Attachment:
    """Store one uploaded file for ``seller``, unattached until a case names it; or, from
    support staff, straight onto ``case`` (the caller checked they may act on it). With
    ``internal`` such a file is kept from the seller until a public message names it."""
    now = now or timezone.now()
    if upload is None:
        raise ValidationFailed("Send the file as 'file'.", [FieldError("file", "required", "")])
    slot = (slot or "").strip()
    if slot and slot not in SLOTS:
        raise ValidationFailed(
            "Unknown document slot.",
            [FieldError("slot", "invalid", f"slot must be one of {sorted(SLOTS)}")],
        )
    data = _read_limited(upload, _conf("ATTACHMENT_MAX_BYTES"))
    if not data:
        raise ValidationFailed("The file is empty.", [FieldError("file", "empty", "empty file")])
    content_type = sniff.sniff(data)
    if content_type is None or content_type not in _conf("ATTACHMENT_TYPES"):
        raise UnsupportedMediaType(
            "This kind of file is not accepted: PNG, JPEG, WebP, PDF, CSV or XLSX, "
            "recognised by their content.",
            [FieldError("file", "unsupported_type", "the content is not an accepted file type")],
        )
    try:
        filename = sniff.safe_filename(getattr(upload, "name", ""), content_type)
    except sniff.BadName as exc:
        raise ValidationFailed(
            f"The file name is refused: {exc}.", [FieldError("file", "bad_name", str(exc))]
        ) from exc
    if internal and case is None:
        raise ValidationFailed(
            "Only a file uploaded onto a case can be internal.",
            [FieldError("internal", "invalid", "internal needs case")],
        )
    if case is not None:
        limit = _conf("CASE_ATTACHMENTS_MAX_BYTES")
        used = sum(Attachment.objects.filter(case=case).values_list("size", flat=True))
        if used + len(data) > limit:
            raise PayloadTooLarge(
                f"A case's files may total at most {limit // (1024 * 1024)} MB.",
                [FieldError("file", "too_large", f"at most {limit} bytes in all")],
            )
    digest = hashlib.sha256(data).hexdigest()
    encrypted = slot in SLOTS
    stored = crypto.encrypt_bytes(data) if encrypted else data
    attachment = Attachment(
        seller=seller,
        uploaded_by=actor,
        case=case,
        internal=internal,
        slot=slot,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        encrypted=encrypted,
        created_at=now,
    )
    # The stored name is ours, never the seller's: <seller id>/<random>.<ext>.
    storage = attachment_storage()
    attachment.path = storage.save(
        f"{seller.pk}/{uuid.uuid4().hex}{sniff.EXTENSIONS[content_type]}", ContentFile(stored)
    )
    try:
        with transaction.atomic():
            attachment.save()
            audit_record(
                actor=actor,
                action="attachment.uploaded",
                obj=attachment,
                case=case,
                after={
                    "seller": seller.code,
                    "filename": filename,
                    "content_type": content_type,
                    "size": len(data),
                    "sha256": digest,
                    "slot": slot,
                },
                internal=internal,
                at=now,
            )
    except Exception:
        storage.delete(attachment.path)
        raise
    return attachment


def attachment_content(attachment: Attachment) -> bytes:
    with attachment_storage().open(attachment.path, "rb") as handle:
        data = handle.read()
    return crypto.decrypt_bytes(data) if attachment.encrypted else data
