"""Reads about who someone is and what they may see."""

from __future__ import annotations

from django.utils import timezone

from sellerdesk.lib.errors import FieldError, Forbidden, NotFound, ValidationFailed

from .models import ApiToken, Seller, SellerMembership, Team, TeamMembership, User
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


def seller_get_for(user: User, code: str) -> Seller:
    """One seller organisation the user may read; anyone else's is "not found", never 403."""
    seller = (
        sellers_for(user)
        .prefetch_related("sites")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if seller is None:
        raise NotFound(f"Seller {code} was not found.")
    return seller


def memberships_for(user: User) -> tuple[list[SellerMembership], list[TeamMembership]]:
    sellers = list(user.seller_memberships.select_related("seller").order_by("seller__code"))
    teams = list(user.team_memberships.select_related("team").order_by("team__code"))
    return sellers, teams


def seller_for_new_case(user: User, code: str | None) -> Seller:
    """The seller a new case is opened for: the one named, or the user's only one."""
    if user.is_agent:
        raise Forbidden("Cases are opened by the seller's members or by operators.")
    if code:
        qs = Seller.objects.all() if user.is_operator else sellers_for(user)
        seller = qs.filter(code=code.strip().upper()).first()
        if seller is None:
            raise NotFound(f"Seller {code} was not found.")
        return seller
    own = list(Seller.objects.filter(memberships__user=user)[:2])
    if len(own) == 1:
        return own[0]
    raise ValidationFailed(
        "Say which seller the case is for.",
        [FieldError("seller_code", "required", "seller_code is required for this user")],
    )


def staff_user_by_email(email: str, *, field: str = "assignee") -> User:
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or user.is_seller:
        raise ValidationFailed(
            "No such member of staff.",
            [FieldError(field, "unknown", f"no member of staff with email {email!r}")],
        )
    return user
