"""Reads only the web UI needs so far (its own tokens page, the assign picker). They follow the
house rule (reads with their joins, scoped to the viewer) and can move into
``accounts/selectors.py`` once another caller wants them."""

from __future__ import annotations

from sellerdesk.accounts.models import ApiToken, User
from sellerdesk.lib.errors import NotFound


def tokens_for(user: User) -> list[ApiToken]:
    """The user's own API tokens, newest first (revoked ones included, marked as such)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def token_get_for(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound("No such token.")
    return token


def team_members_for(team_id: int) -> list[User]:
    """Active agents of a team: whom a case of that team can be assigned to."""
    return list(
        User.objects.filter(
            team_memberships__team_id=team_id, kind=User.Kind.AGENT, is_active=True
        ).order_by("full_name", "email")
    )


def sites_active():
    from sellerdesk.sites.models import Site

    return Site.objects.filter(active=True).order_by("code")
