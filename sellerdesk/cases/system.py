"""Cases the system opens by itself (an automated account-health review, a deactivation),
with no person as their author. Kept apart from creation.py, whose ``case_create`` checks what
a seller or operator may do; here the caller is a rule, named in the audit event."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller
from sellerdesk.lib.errors import FieldError, ValidationFailed
from sellerdesk.sites.models import Site

from .models import Case, CaseType
from .opening import case_open


def case_open_for_system(
    *,
    seller: Seller,
    site: Site,
    case_type: str,
    subject: str,
    description: str,
    language: str,
    rule: str,
    fields: dict | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case for ``seller`` on behalf of the system; audited as ``system:<rule>``. Joins
    the caller's transaction, so the case exists only if the action that needed it commits."""
    now = now or timezone.now()
    type_row = CaseType.objects.select_related("team").filter(code=case_type).first()
    if type_row is None:
        raise ValidationFailed(
            "Unknown case type.",
            [FieldError("case_type", "unknown", f"unknown case type {case_type!r}")],
        )
    with transaction.atomic():
        return case_open(
            seller=seller,
            site=site,
            case_type=type_row,
            subject=subject.strip()[:500],
            description=description.strip(),
            language=language,
            fields=fields or {},
            rule=rule,
            now=now,
            audit_after={"opened_by": "system"},
        )
