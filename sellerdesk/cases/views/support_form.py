"""The seller's case form beyond plain text: evidence inputs for the type's checklist (groups
expanded), file uploads, the identifier hint, and the support-restriction notice."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from sellerdesk.accounts.selectors import sellers_for
from sellerdesk.attachments import services as attachments
from sellerdesk.cases import abuse_services, checklist, duplicates
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases.models import CaseType
from sellerdesk.lib.errors import DomainError, FieldError, NotFound
from sellerdesk.lib.views import seller_only

from . import labels

BANK_FIELDS = ("iban", "routing_number", "account_number", "cn_bank_card")
EXTRACTABLE = ("order_id", "asin")


def evidence_codes(case_type: CaseType) -> list[str]:
    """The field inputs the form shows for the type's checklist, groups expanded."""
    codes: list[str] = []
    for code in case_type.required_fields:
        if code in checklist.FIELD_SPECS:
            codes.append(code)
        elif code == "bank_details":
            codes.extend(BANK_FIELDS)
    return list(dict.fromkeys(codes))


def evidence_inputs(case_type: CaseType, values: dict) -> list[dict]:
    required = set(case_type.required_fields)
    return [
        {
            "code": code,
            "name": f"fields.{code}",
            "value": values.get(f"fields.{code}", ""),
            "required": code in required,
            "long": code == "english_explanation",
            "sensitive": code in checklist.SENSITIVE_FIELDS,
        }
        for code in evidence_codes(case_type)
    ]


def file_inputs(case_type: CaseType) -> list[dict]:
    """One input per identity-document slot; a multiple-file input for everything else."""
    language = get_language()
    inputs = []
    if "id_documents" in case_type.required_fields:
        for slot in checklist.ID_DOCUMENT_SLOTS:
            label = labels.field_label(f"attachments.{slot}", language)
            inputs.append({"name": f"file_{slot}", "slot": slot, "label": label, "multiple": False})
    inputs.append(
        {
            "name": "files",
            "slot": "",
            "label": labels.field_label("attachments.screenshot", language)
            if "screenshot" in case_type.required_fields
            else None,
            "multiple": True,
            "required": "screenshot" in case_type.required_fields,
        }
    )
    return inputs


def upload_files(request, case_type: CaseType, seller) -> tuple[list[int], list[FieldError]]:
    """Store the form's files (each checked like an API upload); ids of those kept and one
    error per refused file, named after its input."""
    ids: list[int] = []
    errors: list[FieldError] = []
    for item in file_inputs(case_type):
        for upload in request.FILES.getlist(item["name"]):
            try:
                stored = attachments.attachment_upload(
                    actor=request.user, seller=seller, upload=upload, slot=item["slot"]
                )
            except DomainError as exc:
                field = f"attachments.{item['slot'] or 'files'}"
                message = f"{upload.name}: {exc.detail}"
                errors.append(FieldError(field, "refused", message))
            else:
                ids.append(stored.pk)
    return ids, errors


def kept_ids(request) -> list[int]:
    """Uploads of an earlier try of this form (kept so the seller need not upload again)."""
    out = []
    for raw in request.POST.getlist("attachment_ids"):
        try:
            out.append(int(raw))
        except ValueError:
            continue
    return out


def restriction_for(user):
    """The running support restriction of any of the user's sellers, for the notice."""
    for seller in sellers_for(user):
        restriction = abuse_services.restriction_active(seller)
        if restriction is not None:
            return restriction
    return None


@require_POST
@seller_only
def support_extract(request, type_code: str):
    """HTMX: order IDs and ASINs written in the subject or description, offered for the
    type's empty identifier fields ("We found order 113-…, use it?")."""
    case_type = cases_selectors.case_types_sellers_open().filter(code=type_code).first()
    if case_type is None:
        raise NotFound(f"Unknown case type {type_code}.")
    found = duplicates.extract_identifiers(
        request.POST.get("subject", ""), request.POST.get("description", "")
    )
    offers = [
        {"code": code, "value": found[code][0], "input_id": f"id_fields_{code}"}
        for code in EXTRACTABLE
        if code in evidence_codes(case_type)
        and found[code]
        and not request.POST.get(f"fields.{code}", "").strip()
    ]
    return render(request, "cases/portal/_extract_hint.html", {"offers": offers})
