"""Who may do what to a case. Reads memberships; no writes."""

from __future__ import annotations

from sellerdesk.accounts.models import TeamMembership, User

from .models import Case


def is_case_seller(user: User, case: Case) -> bool:
    return user.is_seller and user.seller_memberships.filter(seller_id=case.seller_id).exists()


def is_case_agent(user: User, case: Case) -> bool:
    """Staff of the owning team, or an operator."""
    if user.is_operator:
        return True
    return user.is_agent and user.team_memberships.filter(team_id=case.team_id).exists()


def is_case_lead(user: User, case: Case) -> bool:
    if user.is_operator:
        return True
    return user.team_memberships.filter(
        team_id=case.team_id, role=TeamMembership.Role.LEAD
    ).exists()
