"""Writers of the SLA configuration that governs cases: each save is audited and replays the
open cases it affects, so their stored deadlines follow the new rules."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.sla.models import SlaPolicy

from .deadlines import cases_recompute
from .models import Case

POLICY_FIELDS = ("first_response_minutes", "next_response_minutes", "resolution_minutes")


@transaction.atomic
def sla_policy_save(*, actor: User | None, policy: SlaPolicy, now: datetime | None = None) -> int:
    """Save a policy and replay the open cases it governs; returns how many were recomputed."""
    now = now or timezone.now()
    before = {}
    if policy.pk:
        old = SlaPolicy.objects.get(pk=policy.pk)
        before = {f: getattr(old, f) for f in POLICY_FIELDS}
    policy.save()
    after = {f: getattr(policy, f) for f in POLICY_FIELDS}
    audit_record(actor=actor, action="sla_policy.saved", obj=policy, before=before, after=after)
    return cases_recompute(
        Case.objects.filter(case_type_id=policy.case_type_id, tier=policy.tier), now=now
    )
