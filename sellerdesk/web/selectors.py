"""Reads only the web UI's own pages need (the tokens page). They follow the house rule (reads
scoped to the viewer) and can move into ``accounts/selectors.py`` once another caller wants
them."""

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
