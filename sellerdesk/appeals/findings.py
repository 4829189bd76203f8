"""A quality check's findings as they are stored with a version (both languages' messages),
as a 422's field errors, and read back from storage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation

from sellerdesk.lib.errors import FieldError, ValidationFailed

from . import quality


def finding_dict(finding: quality.Finding) -> dict:
    messages = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            messages[language] = str(finding.message)
    return {
        "section": finding.section,
        "code": finding.code,
        "blocking": finding.blocking,
        "sentence": finding.sentence,
        "requirement": finding.requirement,
        "message": messages["en"],
        "message_zh": messages["zh-hans"],
    }


def findings_as_errors(findings: Sequence[quality.Finding]) -> list[FieldError]:
    """The blocking findings as the 422's field errors (the section, or evidence.<code>)."""
    errors = []
    for finding in findings:
        if not finding.blocking:
            continue
        field = finding.section
        if finding.section == "evidence":
            field = f"evidence.{finding.requirement}" if finding.requirement else "evidence"
        errors.append(FieldError(field, finding.code, str(finding.message)))
    return errors


@dataclass(frozen=True)
class StoredFinding:
    """A finding as a version stored it (``finding_dict``)."""

    section: str
    code: str
    blocking: bool
    sentence: str
    requirement: str
    message: str = ""
    message_zh: str = ""


def refuse_if_blocking(findings: Sequence[quality.Finding]) -> None:
    """A 422 naming each blocking finding's field, with every finding (and its sentence)."""
    if quality.blocks(findings):
        raise ValidationFailed(
            "The plan of action is not complete yet.",
            findings_as_errors(findings),
            extra={"findings": [finding_dict(f) for f in findings]},
        )
