"""The files of a plan-of-action version as the seller names them, and their loading: each
the seller's own upload not on another case, or one an earlier version already carries,
for a requirement that applies to the appeal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sellerdesk.accounts.models import Seller
from sellerdesk.attachments.models import Attachment
from sellerdesk.lib.errors import FieldError

from .models import Appeal, AppealEvidence

MAX_SUPPLIER_LENGTH = 200
MAX_ADDRESS_LENGTH = 500


@dataclass(frozen=True)
class EvidenceInput:
    """One file of a version, as the seller sends it. An empty ``requirement`` means the only
    requirement that applies (refused when more than one, or none, applies)."""

    attachment: int
    requirement: str = ""
    document_date: date | None = None
    supplier_name: str = ""
    supplier_address: str = ""


def load_evidence(
    seller: Seller, items: Sequence[EvidenceInput], requirement_codes: set[str], *, carried: dict
) -> tuple[list[tuple[EvidenceInput, Attachment]], list[FieldError]]:
    """The files named, each the seller's own upload not on another case (or one an earlier
    version of this appeal already carries, ``carried``); one error per bad item."""
    errors: list[FieldError] = []
    ids = [item.attachment for item in items]
    fresh = {
        a.pk: a
        for a in Attachment.objects.filter(pk__in=ids, seller=seller, case__isnull=True)
        if a.pk not in carried
    }
    rows = []
    seen = set()
    for i, item in enumerate(items):
        attachment = carried.get(item.attachment) or fresh.get(item.attachment)
        if attachment is None or item.attachment in seen:
            errors.append(
                FieldError(
                    f"evidence.{i}.attachment",
                    "unknown",
                    f"attachment {item.attachment} is not an unused upload of this seller",
                )
            )
            continue
        seen.add(item.attachment)
        if not item.requirement:
            if len(requirement_codes) != 1:
                errors.append(
                    FieldError(
                        f"evidence.{i}.requirement",
                        "required",
                        "say which requirement this file is for: one of "
                        f"{', '.join(sorted(requirement_codes)) or '(none)'}",
                    )
                )
                continue
            item = replace(item, requirement=next(iter(requirement_codes)))
        if item.requirement not in requirement_codes:
            errors.append(
                FieldError(
                    f"evidence.{i}.requirement",
                    "unknown",
                    f"one of {', '.join(sorted(requirement_codes)) or '(none)'}",
                )
            )
            continue
        if len(item.supplier_name) > MAX_SUPPLIER_LENGTH:
            errors.append(FieldError(f"evidence.{i}.supplier_name", "too_long", "too long"))
        if len(item.supplier_address) > MAX_ADDRESS_LENGTH:
            errors.append(FieldError(f"evidence.{i}.supplier_address", "too_long", "too long"))
        rows.append((item, attachment))
    return rows, errors


def carried_files(appeal: Appeal) -> dict[int, Attachment]:
    """The files the appeal's versions carry already (a new version may name them again)."""
    rows = AppealEvidence.objects.filter(version__appeal=appeal).select_related("attachment")
    return {row.attachment_id: row.attachment for row in rows}
