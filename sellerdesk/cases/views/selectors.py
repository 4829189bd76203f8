"""Reads only the agent console needs so far (the assign picker, the site filter). They follow
the house rule (reads with their joins, scoped to the viewer) and can move into
``accounts/selectors.py`` and ``sites`` once another caller wants them."""

from __future__ import annotations

from sellerdesk.accounts.models import User
from sellerdesk.sites.models import Site


def team_members_for(team_id: int) -> list[User]:
    """Active agents of a team: whom a case of that team can be assigned to."""
    return list(
        User.objects.filter(
            team_memberships__team_id=team_id, kind=User.Kind.AGENT, is_active=True
        ).order_by("full_name", "email")
    )


def sites_active():
    return Site.objects.filter(active=True).order_by("code")
