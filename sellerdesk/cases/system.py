"""Cases the system opens by itself (an automated account-health review, a deactivation),
with no person as their author. Kept apart from services.py, whose ``case_create`` checks what
a seller or operator may do; here the caller is a rule, named in the audit event."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import FieldError, ValidationFailed
from sellerdesk.sites.models import Site
from sellerdesk.sla import services as sla_services

from . import lifecycle
from .models import Case, CaseType

CASE_NUMBER_BASE = 10_000_000  # the same numbering as services.case_create


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
        case = Case(
            seller=seller,
            site=site,
            case_type=type_row,
            team=type_row.team,
            status=lifecycle.Status.NEW,
            tier=seller.tier,
            subject=subject.strip()[:500],
            description=description.strip(),
            language=language,
            fields=fields or {},
            created_by=None,
            created_at=now,
            updated_at=now,
        )
        case.priority, case.target_percent = sla_services.priority_for(
            tier=seller.tier,
            health_score=None,
            recent_disputes=None,
            settings=sla_services.SlaSettings.current(),
        )
        sla_services.apply_sla(case, now)
        case.save()
        case.number = CASE_NUMBER_BASE + case.pk
        Case.objects.filter(pk=case.pk).update(number=case.number)
        audit_record(
            actor=None,
            rule=rule,
            action="case.created",
            obj=case,
            case=case,
            after={
                "number": case.number,
                "status": case.status,
                "case_type": type_row.code,
                "team": type_row.team.code,
                "site": site.code,
                "first_response_due_at": case.first_response_due_at,
                "opened_by": "system",
            },
            at=now,
        )
    return case
