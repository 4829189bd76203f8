"""Reads about who someone is and what they may see."""

from __future__ import annotations

from django.utils import timezone

from .models import ApiToken, Seller, Team, TeamMembership, User
from .tokens import token_digest


def seller_ids_for(user: User) -> list[int]:
    return list(user.seller_memberships.values_list("seller_id", flat=True))


def team_ids_for(user: User) -> list[int]:
    return list(user.team_memberships.values_list("team_id", flat=True))


def lead_team_ids_for(user: User) -> list[int]:
    return list(
        user.team_memberships.filter(role=TeamMembership.Role.LEAD).values_list(
            "team_id", flat=True
        )
    )


def teams_for(user: User):
    if user.is_operator:
        return Team.objects.filter(active=True)
    return Team.objects.filter(memberships__user=user, active=True).distinct()


def sellers_for(user: User):
    """Seller organisations the user may read: their own (sellers), every one (staff)."""
    if user.is_seller:
        return Seller.objects.filter(memberships__user=user)
    return Seller.objects.all()


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy integration must not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
