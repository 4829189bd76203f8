"""The plan-of-action form the new-appeal page and the appeal page share: three English
sections with the seller's Chinese draft beside each, evidence rows per requirement (a file,
its date, the supplier), the live quality check's findings, and errors worded for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sellerdesk.accounts.models import Seller, User
from sellerdesk.attachments import services as attachments
from sellerdesk.attachments.models import Attachment
from sellerdesk.cases.views.attachments import UPLOAD_REFUSALS
from sellerdesk.lib import labels
from sellerdesk.lib.errors import DomainError, FieldError, ValidationFailed

from .. import quality
from ..models import AppealVersion, EvidenceRequirement
from ..services import EvidenceInput
from ..template import TEMPLATE

SECTION_LABELS = {
    "root_cause": _("Root cause"),
    "corrective_actions": _("Corrective actions taken"),
    "preventive_measures": _("Preventive measures"),
}
SECTION_HELP = {
    "root_cause": _("Why it happened, in English: what went wrong, when, on which orders."),
    "corrective_actions": _("In English: what you have already done, with dates."),
    "preventive_measures": _("In English: what stops it happening again, who does it, how often."),
}
# Evidence rows shown per requirement; a seller with more files sends them in a later version.
ROWS_PER_REQUIREMENT = 3
MAX_ROWS_PER_REQUIREMENT = 10
# Codes of the quality check: their errors carry the check's own (translated) message.
FINDING_CODES = {key[1] if isinstance(key, tuple) else key for key in quality.MESSAGES}


@dataclass
class Section:
    name: str
    label: str
    help: str
    placeholder: str
    value: str
    value_zh: str
    errors: list[str] = field(default_factory=list)


@dataclass
class EvidenceRow:
    prefix: str
    attachment: Attachment | None = None
    document_date: str = ""
    supplier_name: str = ""
    supplier_address: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class RequirementBlock:
    requirement: EvidenceRequirement
    rows: list[EvidenceRow]
    errors: list[str] = field(default_factory=list)


@dataclass
class PlanForm:
    """What the plan-of-action form shows, and what it sends to the service."""

    sections: list[Section]
    requirements: list[RequirementBlock]
    draft: quality.Draft
    draft_zh: dict[str, str]
    evidence: list[EvidenceInput]
    # evidence[i] came from this row (to put ``evidence.<i>.…`` errors next to it)
    evidence_rows: list[EvidenceRow]
    errors: list[FieldError]  # refusals found before the service ran (uploads, dates)
    other_errors: list[str] = field(default_factory=list)

    def draft_present(self) -> bool:
        return any(getattr(self.draft, name).strip() for name in quality.SECTIONS)


def _sections(values: dict[str, str], values_zh: dict[str, str]) -> list[Section]:
    return [
        Section(
            name=name,
            label=str(SECTION_LABELS[name]),
            help=str(SECTION_HELP[name]),
            placeholder=str(TEMPLATE[name]),
            value=values.get(name, ""),
            value_zh=values_zh.get(name, ""),
        )
        for name in quality.SECTIONS
    ]


def blank_form(
    requirements: list[EvidenceRequirement], version: AppealVersion | None = None
) -> PlanForm:
    """The form before anything was sent: empty, or the latest version's text and files."""
    values = {name: getattr(version, name) for name in quality.SECTIONS} if version else {}
    values_zh = dict(version.draft_zh) if version else {}
    carried = list(version.evidence.all()) if version else []
    blocks = []
    for requirement in requirements:
        mine = [e for e in carried if e.requirement == requirement.code]
        rows = [
            EvidenceRow(
                prefix=f"ev-{requirement.code}-{i}",
                attachment=e.attachment,
                document_date=e.document_date.isoformat() if e.document_date else "",
                supplier_name=e.supplier_name,
                supplier_address=e.supplier_address,
            )
            for i, e in enumerate(mine)
        ]
        while len(rows) < max(ROWS_PER_REQUIREMENT, len(mine) + 1):
            rows.append(EvidenceRow(prefix=f"ev-{requirement.code}-{len(rows)}"))
        blocks.append(RequirementBlock(requirement, rows))
    return PlanForm(
        sections=_sections(values, values_zh),
        requirements=blocks,
        draft=quality.Draft(*(values.get(name, "") for name in quality.SECTIONS)),
        draft_zh=values_zh,
        evidence=[],
        evidence_rows=[],
        errors=[],
    )


def _row_count(post, code: str) -> int:
    raw = post.get(f"ev-{code}-rows", "")
    n = int(raw) if raw.isascii() and raw.isdecimal() else ROWS_PER_REQUIREMENT
    return max(1, min(n, MAX_ROWS_PER_REQUIREMENT))


def read_form(
    request,
    requirements: list[EvidenceRequirement],
    *,
    seller: Seller,
    usable: dict[int, Attachment],
    upload: bool,
) -> PlanForm:
    """The form as sent. With ``upload`` each chosen file is stored first (as the seller's
    unattached upload, which the service then claims); without (the live check) only files
    kept from before count. ``usable``: files the form may name again (earlier uploads of this
    form, the appeal's files); anything else named is dropped, not trusted."""
    post = request.POST
    values = {name: post.get(name, "") for name in quality.SECTIONS}
    values_zh = {name: post.get(f"draft_zh.{name}", "") for name in quality.SECTIONS}
    kept_ids = []
    for requirement in requirements:
        for i in range(_row_count(post, requirement.code)):
            raw = post.get(f"ev-{requirement.code}-{i}-attachment", "")
            if raw.isascii() and raw.isdecimal():
                kept_ids.append(int(raw))
    known = dict(usable)
    known.update(
        {
            a.pk: a
            for a in Attachment.objects.filter(
                pk__in=[i for i in kept_ids if i not in known], seller=seller, case__isnull=True
            )
        }
    )
    blocks, evidence, evidence_rows, errors = [], [], [], []
    for requirement in requirements:
        rows = []
        for i in range(_row_count(post, requirement.code)):
            prefix = f"ev-{requirement.code}-{i}"
            raw = post.get(f"{prefix}-attachment", "")
            attachment = known.get(int(raw)) if raw.isascii() and raw.isdecimal() else None
            if post.get(f"{prefix}-remove"):
                attachment = None
            row = EvidenceRow(
                prefix=prefix,
                attachment=attachment,
                document_date=post.get(f"{prefix}-date", "").strip(),
                supplier_name=post.get(f"{prefix}-supplier_name", "").strip(),
                supplier_address=post.get(f"{prefix}-supplier_address", "").strip(),
            )
            chosen = request.FILES.get(f"{prefix}-file") if upload else None
            if chosen is not None:
                try:
                    row.attachment = attachments.attachment_upload(
                        actor=request.user, seller=seller, upload=chosen
                    )
                except DomainError as exc:
                    code = exc.errors[0].code if exc.errors else "refused"
                    text = UPLOAD_REFUSALS.get(code)
                    row.errors.append(
                        str(text) % {"name": chosen.name}
                        if text
                        else gettext("%(name)s could not be stored.") % {"name": chosen.name}
                    )
                    errors.append(FieldError(f"{prefix}-file", code, chosen.name))
            day = None
            if row.document_date:
                try:
                    day = date.fromisoformat(row.document_date)
                except ValueError:
                    row.errors.append(gettext("Enter the date as YYYY-MM-DD."))
                    errors.append(FieldError(f"{prefix}-date", "invalid", row.document_date))
            if row.attachment is not None:
                evidence.append(
                    EvidenceInput(
                        attachment=row.attachment.pk,
                        requirement=requirement.code,
                        document_date=day,
                        supplier_name=row.supplier_name,
                        supplier_address=row.supplier_address,
                    )
                )
                evidence_rows.append(row)
            rows.append(row)
        blocks.append(RequirementBlock(requirement, rows))
    return PlanForm(
        sections=_sections(values, values_zh),
        requirements=blocks,
        draft=quality.Draft(*(values[name] for name in quality.SECTIONS)),
        draft_zh={k: v for k, v in values_zh.items() if v.strip()},
        evidence=evidence,
        evidence_rows=evidence_rows,
        errors=errors,
    )


def refuse_if_invalid(form: PlanForm) -> None:
    """Refused uploads and unreadable dates stop the submit before the service runs."""
    if form.errors:
        raise ValidationFailed("Some files or dates cannot be used.", form.errors)


def _describe(error: FieldError) -> str:
    if error.code in FINDING_CODES:
        return error.message
    if error.field.startswith("evidence.") and error.code == "unknown":
        return gettext("This file cannot be used with this appeal; please upload it again.")
    name = error.field.removeprefix("draft_zh.")
    if name in SECTION_LABELS:
        label = str(SECTION_LABELS[name])
        if error.code == "too_long":
            return gettext("%(label)s is too long.") % {"label": label}
        if error.code == "required":
            return gettext("%(label)s is required.") % {"label": label}
    return labels.error_message(error, get_language())


def attach_errors(form: PlanForm, exc: DomainError) -> None:
    """Put the service's (or the form's own) errors next to their inputs."""
    sections = {s.name: s for s in form.sections}
    blocks = {b.requirement.code: b for b in form.requirements}
    rows = {r.prefix: r for b in form.requirements for r in b.rows}
    for error in exc.errors:
        parts = error.field.split(".")
        if error.field.split("-")[0] == "ev" and error.field.rsplit("-", 1)[0] in rows:
            continue  # the form's own: already on its row
        text = _describe(error)
        name = parts[-1] if parts[0] == "draft_zh" else parts[0]
        if name in sections:
            sections[name].errors.append(text)
        elif parts[0] == "evidence" and len(parts) > 1 and parts[1] in blocks:
            blocks[parts[1]].errors.append(text)
        elif parts[0] == "evidence" and len(parts) > 1 and parts[1].isdecimal():
            i = int(parts[1])
            if i < len(form.evidence_rows):
                form.evidence_rows[i].errors.append(text)
            else:
                form.other_errors.append(text)
        else:
            form.other_errors.append(text)
    if not exc.errors:
        form.other_errors.append(exc.detail)


def _section_label(section: str, requirement: str, requirement_labels: dict[str, str]) -> str:
    if section in SECTION_LABELS:
        return str(SECTION_LABELS[section])
    if requirement:
        return requirement_labels.get(requirement, requirement)
    return gettext("Evidence")


def findings_for_display(
    findings, requirements: list[EvidenceRequirement] = (), *, live: bool = False
) -> list[dict]:
    """The check's findings as the page shows them, blocking first: each with its section's
    label, its message in the viewer's language, and the sentence (or file) it is about.
    ``findings`` are ``quality.Finding`` (the live check) or the stored dicts (a version's,
    or a refused submit's). ``live`` leaves out missing files: the live check does not send
    the files chosen but not yet uploaded, so it cannot know."""
    chinese = (get_language() or "").startswith("zh")
    requirement_labels = {r.code: r.label for r in requirements}
    out = []
    for f in findings:
        if isinstance(f, dict):
            item = {
                "section": f.get("section", ""),
                "code": f.get("code", ""),
                "blocking": bool(f.get("blocking")),
                "sentence": f.get("sentence", ""),
                "requirement": f.get("requirement", ""),
                "message": (f.get("message_zh") if chinese else "") or f.get("message", ""),
            }
        else:
            item = {
                "section": f.section,
                "code": f.code,
                "blocking": f.blocking,
                "sentence": f.sentence,
                "requirement": f.requirement,
                "message": str(f.message),
            }
        if live and item["code"] == "evidence_missing":
            continue
        item["section_label"] = _section_label(
            item["section"], item["requirement"], requirement_labels
        )
        out.append(item)
    return sorted(out, key=lambda item: not item["blocking"])


def usable_files(user: User, versions) -> dict[int, Attachment]:
    """Files an appeal's versions carry: a new version may name them again."""
    return {e.attachment_id: e.attachment for v in versions for e in v.evidence.all()}
