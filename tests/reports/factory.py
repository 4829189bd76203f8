"""Cases of the past written in bulk with exact timestamps, for checking the reports against
figures the test computes itself (through the services each would take the clock of the
test run)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sellerdesk.accounts.models import Seller
from sellerdesk.cases.models import CASE_NUMBER_BASE, Case, CaseType
from sellerdesk.sites.models import Site


class History:
    def __init__(self, seller: Seller) -> None:
        self.seller = seller
        self.types = {t.code: t for t in CaseType.objects.all()}
        self.sites = {s.code: s for s in Site.objects.all()}
        self.cases: list[Case] = []

    def case(
        self,
        *,
        created: datetime,
        case_type: str = "order-fulfilment",
        site: str = "US",
        tier: str = "standard",
        first_response: timedelta | None = None,
        first_response_due: timedelta | None = None,
        first_response_breached: bool = False,
        resolution: timedelta | None = None,
        close_reason: str = "resolved",
        escalated: timedelta | None = None,
    ) -> Case:
        case_type_obj = self.types[case_type]
        resolved_at = created + resolution if resolution is not None else None
        due = created + first_response_due if first_response_due is not None else None
        case = Case(
            seller=self.seller,
            site=self.sites[site],
            case_type=case_type_obj,
            team_id=case_type_obj.team_id,
            status="resolved" if resolved_at else "open",
            tier=tier,
            subject=f"history {len(self.cases)}",
            description="generated",
            language="en",
            created_at=created,
            updated_at=resolved_at or created,
            first_response_at=created + first_response if first_response is not None else None,
            first_response_due_at=due,
            first_response_breached_at=due if first_response_breached else None,
            resolved_at=resolved_at,
            close_reason=close_reason if resolved_at else "",
            escalated_at=created + escalated if escalated is not None else None,
        )
        self.cases.append(case)
        return case

    def save(self) -> list[Case]:
        Case.objects.bulk_create(self.cases)
        for case in Case.objects.filter(number__isnull=True):
            Case.objects.filter(pk=case.pk).update(number=CASE_NUMBER_BASE + case.pk)
        return self.cases
