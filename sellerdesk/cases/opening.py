"""The one path by which a case comes into being, whoever opens it: a seller or operator
(``creation.case_create``, after its checks), the system for an enforcement action
(``system.case_open_for_system``) or, later, an appeal. Here, once: routing to the type's
team, the priority from the seller's tier and current account health, a restricted seller's
slower targets, the stored deadlines, the case number and the ``case.created`` event."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.sites.models import Site
from sellerdesk.sla.models import SlaSettings
from sellerdesk.sla.targets import priority_for

from . import abuse, abuse_services
from .deadlines import apply_sla
from .lifecycle import Status
from .models import CASE_NUMBER_BASE, Case, CaseType


def priority_of(seller: Seller, tier: str, settings: SlaSettings) -> tuple[str, int]:
    """(priority, percent of the targets) for a new case of ``seller`` in ``tier``: the
    seller's latest account-health score and disputes, as the health evaluation left them on
    the seller row, earn the high-health bonus (sla/priority.py)."""
    return priority_for(
        tier=tier,
        health_score=seller.health_score,
        recent_disputes=seller.health_disputes,
        settings=settings,
    )


def case_open(
    *,
    seller: Seller,
    site: Site,
    case_type: CaseType,
    subject: str,
    description: str,
    language: str,
    fields: dict,
    now: datetime,
    created_by: User | None = None,
    rule: str = "",
    restricted: bool = False,
    audit_after: dict | None = None,
) -> Case:
    """Create and number the case, inside the caller's transaction (the caller has checked
    what the opener may do and what the case must hold). ``created_by`` None with ``rule``:
    the system opened it, and the audit event names the rule. ``restricted``: the seller is
    under a support restriction, so the case gets the standard tier's priority and targets,
    slowed by the abuse rule (cases/abuse.py)."""
    settings = SlaSettings.current()
    tier = Seller.Tier.STANDARD if restricted else seller.tier
    priority, percent = priority_of(seller, tier, settings)
    if restricted:
        percent = abuse.restricted_target_percent(percent, abuse_services.rule())
    case = Case(
        seller=seller,
        site=site,
        case_type=case_type,
        # Routing: the team that owns the case type.
        team=case_type.team,
        status=Status.NEW,
        tier=tier,
        priority=priority,
        target_percent=percent,
        subject=subject,
        description=description,
        language=language,
        fields=fields,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    apply_sla(case, now, settings=settings)
    case.save()
    case.number = CASE_NUMBER_BASE + case.pk
    Case.objects.filter(pk=case.pk).update(number=case.number)
    audit_record(
        actor=created_by,
        rule=rule or None,
        action="case.created",
        obj=case,
        case=case,
        after={
            "number": case.number,
            "status": case.status,
            "case_type": case_type.code,
            "team": case_type.team.code,
            "site": site.code,
            "tier": case.tier,
            "priority": case.priority,
            "target_percent": case.target_percent,
            "health_score": seller.health_score,
            "disputes": seller.health_disputes,
            "first_response_due_at": case.first_response_due_at,
            **(audit_after or {}),
        },
        at=now,
    )
    return case
